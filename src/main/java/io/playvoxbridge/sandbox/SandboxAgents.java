package io.playvoxbridge.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's agent directory, read from the classpath resource {@code sandbox/agents.csv}
 * (header {@code source,agent_key,playvox_user}, RFC 4180 quoting, UTF-8).
 *
 * <p>One row per agent the Wolkvox fake generates and the Playvox fake knows as a user. The unmapped agent
 * ({@link WolkvoxFake#UNMAPPED_AGENT_NAME}) is deliberately absent.
 */
final class SandboxAgents {

    /** One row of the file. */
    record Row(String source, String agentKey, String playvoxUser) {
    }

    private SandboxAgents() {
    }

    /**
     * Reads every data row of the resource.
     *
     * @param resource classpath resource name, e.g. {@code sandbox/agents.csv}
     * @return the rows in file order
     * @throws IllegalStateException if the resource is missing or a row has not exactly three fields
     */
    static List<Row> read(String resource) {
        ClassLoader loader = SandboxAgents.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource not found: " + resource);
            }
            List<List<String>> records = parseCsv(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i < records.size(); i++) {
                List<String> fields = records.get(i);
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                if (fields.size() != 3) {
                    throw new IllegalStateException(resource + " record " + (i + 1) + " has " + fields.size()
                            + " fields, expected source,agent_key,playvox_user");
                }
                rows.add(new Row(fields.get(0).strip(), fields.get(1), fields.get(2).strip()));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * Splits RFC 4180 text into records of fields: quoted fields may hold commas, line breaks and doubled quotes.
     *
     * @param text the whole file
     * @return records in order; a trailing line break does not make an extra record
     */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    any = true;
                }
                case '\r' -> {
                    // part of CRLF; a bare CR is ignored as well
                }
                case '\n' -> {
                    fields.add(field.toString());
                    records.add(fields);
                    fields = new ArrayList<>();
                    field.setLength(0);
                    any = false;
                }
                default -> {
                    field.append(c);
                    any = true;
                }
            }
        }
        if (any || field.length() > 0) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }
}
