package io.playvoxbridge.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The console's users: a user name and a salted password hash each, as kept in the users file
 * ({@code bridge.console.users-file}). Immutable; {@link #withUser} returns a copy.
 *
 * <p>File format, one user a line ({@code #} starts a comment line):
 * <pre>
 * name = PBKDF2WithHmacSHA256:&lt;iterations&gt;:&lt;salt, Base64&gt;:&lt;hash, Base64&gt;
 * </pre>
 * The hash is PBKDF2 with HMAC-SHA-256 from the JDK ({@link SecretKeyFactory}), a 16-byte random salt per user and a
 * 256-bit key; the iteration count is stored per line, so raising {@link #DEFAULT_ITERATIONS} leaves old lines valid.
 * Passwords are never stored or kept as {@code String}.
 */
public final class ConsoleUsers {

    /** The JDK algorithm name of the hash, also the first field of each line. */
    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** Iterations of new hashes: OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** What a user name may hold: 1 to 64 letters, digits, dots, dashes, underscores or {@code @}. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final String HEADER = "# playvox-bridge console users, written by `playvox-bridge console add-user NAME`.\n"
            + "# One user a line: name = " + ALGORITHM + ":iterations:salt:hash (Base64). Delete a line to remove a user.\n";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> hashes;

    private ConsoleUsers(Map<String, String> hashes) {
        this.hashes = Collections.unmodifiableMap(hashes);
    }

    /** @return no users */
    public static ConsoleUsers none() {
        return new ConsoleUsers(new LinkedHashMap<>());
    }

    /**
     * Reads a users file.
     *
     * @param file the users file
     * @return its users; none when the file does not exist
     * @throws ConsoleUsersException naming the file and line when a line is not {@code name = hash} as above, or the
     *                               file cannot be read
     */
    public static ConsoleUsers read(Path file) {
        if (!Files.exists(file)) {
            return none();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConsoleUsersException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? "" : line.substring(0, eq).strip();
            String hash = eq < 0 ? "" : line.substring(eq + 1).strip();
            if (!NAME.matcher(name).matches() || Hash.parse(hash) == null) {
                throw new ConsoleUsersException(file + " line " + (i + 1) + ": expected 'name = " + ALGORITHM
                        + ":iterations:salt:hash' (add users with `playvox-bridge console add-user NAME`)");
            }
            hashes.put(name, hash);
        }
        return new ConsoleUsers(hashes);
    }

    /** @return the user names, in file order */
    public Set<String> names() {
        return hashes.keySet();
    }

    /** @return true when there is no user */
    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    /**
     * Checks a password in constant time for a known user (a hash is computed for unknown users too, so the time
     * does not tell whether a user exists).
     *
     * @param name     user name
     * @param password the password given; not changed
     * @return true when the user exists and the password matches
     */
    public boolean verify(String name, char[] password) {
        Hash stored = name == null ? null : Hash.parse(hashes.getOrDefault(name, ""));
        if (stored == null) {
            pbkdf2(password, new byte[SALT_BYTES], DEFAULT_ITERATIONS);
            return false;
        }
        return MessageDigest.isEqual(stored.key(), pbkdf2(password, stored.salt(), stored.iterations()));
    }

    /**
     * @param name       user name, see {@link #NAME}
     * @param password   the new password (at least one character); not kept
     * @param iterations PBKDF2 iterations (at least 1; {@link #DEFAULT_ITERATIONS} normally)
     * @return these users with this one added, or its hash replaced (with a new salt) when it exists
     * @throws IllegalArgumentException for a name not matching {@link #NAME}, an empty password or iterations below 1
     */
    public ConsoleUsers withUser(String name, char[] password, int iterations) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'");
        }
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        Map<String, String> copy = new LinkedHashMap<>(hashes);
        copy.put(name, ALGORITHM + ":" + iterations + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(pbkdf2(password, salt, iterations)));
        return new ConsoleUsers(copy);
    }

    /**
     * @param other more users
     * @return these users and the other's; the other's hash wins for a name in both
     */
    public ConsoleUsers plus(ConsoleUsers other) {
        Map<String, String> copy = new LinkedHashMap<>(hashes);
        copy.putAll(other.hashes);
        return new ConsoleUsers(copy);
    }

    /**
     * Writes the users to a file, replacing it at once (a temporary file in the same folder, then a move), readable
     * and writable by its owner only where the file system has POSIX permissions.
     *
     * @param file the users file; its folder is created when missing
     * @throws ConsoleUsersException when it cannot be written
     */
    public void write(Path file) {
        List<String> lines = new ArrayList<>();
        hashes.forEach((name, hash) -> lines.add(name + " = " + hash));
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Path tmp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
            try {
                restrictToOwner(tmp);
                Files.writeString(tmp, HEADER + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ConsoleUsersException(file + ": cannot be written (" + e.getMessage() + ")", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the folder's permissions apply
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password == null ? new char[0] : password, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** One stored hash: iterations, salt and derived key. */
    private record Hash(int iterations, byte[] salt, byte[] key) {

        /** @return the parsed hash, or null when the text is not {@code ALGORITHM:iterations:salt:key} */
        static Hash parse(String text) {
            String[] parts = text.split(":", -1);
            if (parts.length != 4 || !ALGORITHM.equals(parts[0])) {
                return null;
            }
            try {
                int iterations = Integer.parseInt(parts[1]);
                byte[] salt = Base64.getDecoder().decode(parts[2]);
                byte[] key = Base64.getDecoder().decode(parts[3]);
                return iterations < 1 || salt.length == 0 || key.length == 0 ? null : new Hash(iterations, salt, key);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

    }
}
