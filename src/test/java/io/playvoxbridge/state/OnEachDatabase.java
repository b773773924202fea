package io.playvoxbridge.state;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that runs once per state database engine, "on H2" and "on PostgreSQL" (see {@link StateDatabases}).
 * The test and its {@code @BeforeEach}/{@code @AfterEach} methods may take a {@link StateDatabases.Fresh} parameter:
 * a new, empty database of that run, dropped after it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(StateDatabases.class)
@interface OnEachDatabase {
}
