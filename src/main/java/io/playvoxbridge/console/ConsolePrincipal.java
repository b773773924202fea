package io.playvoxbridge.console;

import java.security.Principal;
import java.util.Objects;

/**
 * A principal the console's login adds to the JAAS subject: the user ({@link Kind#USER}) and the role Hawtio
 * requires ({@link Kind#ROLE}, named {@link #OPERATOR}). Hawtio matches the role by this class's name
 * ({@code hawtio.rolePrincipalClasses}) and {@link #getName()} ({@code hawtio.roles}).
 */
public final class ConsolePrincipal implements Principal {

    /** The one role: every console user may read and operate everything Hawtio shows. */
    public static final String OPERATOR = "operator";

    /** What a principal stands for. */
    public enum Kind { USER, ROLE }

    private final Kind kind;
    private final String name;

    /** @param kind user or role; @param name its name */
    public ConsolePrincipal(Kind kind, String name) {
        this.kind = Objects.requireNonNull(kind);
        this.name = Objects.requireNonNull(name);
    }

    /** @return the user or role name */
    @Override
    public String getName() {
        return name;
    }

    /** @return user or role */
    public Kind kind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsolePrincipal p && p.kind == kind && p.name.equals(name);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }
}
