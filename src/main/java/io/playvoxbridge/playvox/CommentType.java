package io.playvoxbridge.playvox;

/**
 * The three comment types Playvox accepts on {@code POST /interactions/{_id}/comments}
 * (api-facts 1.6, python-playvox https://pypi.org/project/python-playvox).
 */
public enum CommentType {
    /** Written by the customer. */
    CUSTOMER_COMMENT("customer_comment"),
    /** Written by the agent. */
    AGENT_COMMENT("agent_comment"),
    /** Not visible to the customer: notes, bot messages. */
    INTERNAL_NOTE("internal_note");

    private final String apiName;

    CommentType(String apiName) {
        this.apiName = apiName;
    }

    /** @return the value of the {@code type} field in Playvox's API, e.g. {@code customer_comment} */
    public String apiName() {
        return apiName;
    }

    /**
     * @param apiName the value of the {@code type} field in Playvox's API, e.g. {@code customer_comment}
     * @return the type with that name
     * @throws IllegalArgumentException when no type has that name
     */
    public static CommentType ofApiName(String apiName) {
        for (CommentType type : values()) {
            if (type.apiName.equals(apiName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown comment type '" + apiName
                + "' (expected customer_comment, agent_comment or internal_note)");
    }
}
