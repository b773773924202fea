package io.playvoxbridge.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps a source system's agent to the Playvox user an interaction is assigned to ({@code assignee_id}). Playvox
 * matches the agent by the e-mail or username of a Playvox user (api-facts 1.5, python-playvox
 * https://pypi.org/project/python-playvox, {@code Interaction.add}: "should match email or username in playvox").
 *
 * <p>The file (setting {@code bridge.agents-file}) is CSV, RFC 4180, UTF-8 (a byte-order mark is allowed), with the
 * header {@code source,agent_key,playvox_user} (column order free, other columns ignored):
 * <pre>
 * source,agent_key,playvox_user
 * wolkvox,Ana Pérez,ana.perez@example.com
 * wolkvox,"Ruiz, Carlos",cruiz
 * </pre>
 * {@code source} is the vendor ({@code wolkvox}, {@code five9}...), {@code agent_key} the agent as that vendor's
 * records name it (Wolkvox chat_4 carries only {@code agent_name}). Blank lines are ignored; whitespace around a
 * cell is trimmed, the text inside is kept exactly (accents and case matter). Immutable once loaded.
 */
public final class AgentDirectory {

    /** Name of the column holding the vendor. */
    public static final String SOURCE = "source";
    /** Name of the column holding the vendor's agent key. */
    public static final String AGENT_KEY = "agent_key";
    /** Name of the column holding the Playvox e-mail or username. */
    public static final String PLAYVOX_USER = "playvox_user";

    private static final String PREFIX = "bridge.agents-file: ";
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private final String location;
    private final Map<Key, String> users;

    private record Key(String source, String agentKey) {
    }

    private AgentDirectory(String location, Map<Key, String> users) {
        this.location = location;
        this.users = Map.copyOf(users);
    }

    /**
     * Loads and checks an agents file.
     *
     * @param location a file path ({@code agents.csv}, {@code /etc/bridge/agents.csv}) or {@code classpath:<resource>};
     *                 a relative path that is not a file is also looked up on the classpath (the jar packages
     *                 {@code agents.csv})
     * @return the directory; a file with only the header gives an empty one
     * @throws AgentDirectoryException if the file is missing or unreadable, is not UTF-8 or not CSV, lacks a header
     *                                 column, or a row has an empty source, agent_key or playvox_user, or repeats a
     *                                 (source, agent_key) pair; the message names the file and the line
     */
    public static AgentDirectory load(String location) {
        if (location == null || location.isBlank()) {
            throw new AgentDirectoryException(PREFIX + "no file given", null);
        }
        return parse(location, read(location));
    }

    /**
     * Parses the text of an agents file; {@code location} only names it in messages.
     *
     * @throws AgentDirectoryException as {@link #load(String)}
     */
    static AgentDirectory parse(String location, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw problem(location, "the file is empty; expected the header source,agent_key,playvox_user", null);
        }
        Map<Key, String> users = new HashMap<>();
        Map<Key, Integer> firstLine = new HashMap<>();
        try (MappingIterator<Map<String, String>> rows = MAPPER
                .readerFor(new TypeReference<Map<String, String>>() { })
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(text)) {
            boolean headerChecked = false;
            while (rows.hasNextValue()) {
                if (!headerChecked) {
                    checkHeader(location, (CsvSchema) rows.getParserSchema());
                    headerChecked = true;
                }
                // after hasNextValue() the parser stands at the start of the row (blank lines already skipped)
                int line = rows.getParser().currentLocation().getLineNr();
                Map<String, String> row = rows.nextValue();
                String source = cell(row, SOURCE);
                String agentKey = cell(row, AGENT_KEY);
                String playvoxUser = cell(row, PLAYVOX_USER);
                if (source.isEmpty()) {
                    throw problem(location, "empty source at line " + line, null);
                }
                if (agentKey.isEmpty()) {
                    throw problem(location, "empty agent_key at line " + line, null);
                }
                if (playvoxUser.isEmpty()) {
                    throw problem(location, "empty playvox_user at line " + line + " (agent " + agentKey + ")", null);
                }
                Key key = new Key(source, agentKey);
                Integer earlier = firstLine.putIfAbsent(key, line);
                if (earlier != null) {
                    throw problem(location, "duplicate (source, agent_key) (" + source + ", " + agentKey + ") at line "
                            + line + ", first at line " + earlier, null);
                }
                users.put(key, playvoxUser);
            }
            if (!headerChecked) {
                checkHeader(location, (CsvSchema) rows.getParserSchema());
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw problem(location, "not valid CSV" + (line > 0 ? " at line " + line : "") + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw problem(location, "cannot read: " + e.getMessage(), e);
        }
        return new AgentDirectory(location, users);
    }

    /**
     * @param source   the vendor, e.g. {@code wolkvox}
     * @param agentKey the agent as the vendor names it, matched exactly (e.g. Wolkvox {@code agent_name})
     * @return the Playvox e-mail or username to use as {@code assignee_id}, or empty when the agent is not listed
     */
    public Optional<String> playvoxUser(String source, String agentKey) {
        if (source == null || agentKey == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(users.get(new Key(source, agentKey)));
    }

    /** @return how many (source, agent_key) rows the file holds */
    public int size() {
        return users.size();
    }

    /** @return where the directory was loaded from, as given to {@link #load(String)} */
    public String location() {
        return location;
    }

    @Override
    public String toString() {
        return "AgentDirectory[" + location + ", " + users.size() + " agents]";
    }

    private static void checkHeader(String location, CsvSchema header) {
        List<String> columns = new ArrayList<>();
        header.forEach(column -> columns.add(column.getName()));
        for (String required : List.of(SOURCE, AGENT_KEY, PLAYVOX_USER)) {
            if (!columns.contains(required)) {
                throw problem(location, "missing header column " + required + " (the header is "
                        + String.join(",", columns) + "; expected source,agent_key,playvox_user)", null);
            }
        }
    }

    private static String cell(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null ? "" : value.strip();
    }

    private static String read(String location) {
        byte[] bytes;
        if (location.startsWith("classpath:")) {
            bytes = readResource(location.substring("classpath:".length()), location);
            if (bytes == null) {
                throw problem(location, "not found on the classpath", null);
            }
        } else {
            Path path = Path.of(location);
            if (Files.isRegularFile(path)) {
                try {
                    bytes = Files.readAllBytes(path);
                } catch (IOException e) {
                    throw problem(location, "cannot read: " + e, e);
                }
            } else {
                bytes = path.isAbsolute() ? null : readResource(location, location);
                if (bytes == null) {
                    throw problem(location, "file not found (" + path.toAbsolutePath()
                            + (path.isAbsolute() ? ")" : ", nor on the classpath)"), null);
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw problem(location, "not UTF-8 text (save it as CSV UTF-8)", e);
        }
    }

    private static byte[] readResource(String resource, String location) {
        while (resource.startsWith("/")) {
            resource = resource.substring(1);
        }
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                AgentDirectory.class.getClassLoader());
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw problem(location, "cannot read: " + e, e);
        }
    }

    private static AgentDirectoryException problem(String location, String what, Throwable cause) {
        return new AgentDirectoryException(PREFIX + location + ": " + what, cause);
    }
}
