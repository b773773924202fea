package io.playvoxbridge.console;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAAS login module of the console's realm ({@link ConsoleRealm}): checks a user name and password against the
 * console's users ({@link ConsoleUsers}, read again at each login so {@code console add-user} takes effect without a
 * restart) and, on success, adds a user and an {@link ConsolePrincipal#OPERATOR} role principal to the subject.
 *
 * <p>Option {@value #USERS_OPTION}: a {@code Supplier<ConsoleUsers>} giving the current users. A failed login is
 * logged at INFO with the user name only; an unreadable users file at WARN (with the file and line).
 */
public final class ConsoleLoginModule implements LoginModule {

    /** The option holding the {@code Supplier<ConsoleUsers>}. */
    public static final String USERS_OPTION = "users";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLoginModule.class);

    private Subject subject;
    private CallbackHandler callbacks;
    private Supplier<ConsoleUsers> users;
    private String user;
    private ConsolePrincipal userPrincipal;
    private ConsolePrincipal rolePrincipal;

    /** {@inheritDoc} */
    @Override
    @SuppressWarnings("unchecked")
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.users = (Supplier<ConsoleUsers>) options.get(USERS_OPTION);
    }

    /**
     * @return true when the name and password match a user
     * @throws FailedLoginException for a wrong name or password, or an unreadable users file
     * @throws LoginException      when the callback handler cannot give a name and password
     */
    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("no user name and password given: " + e.getMessage());
        }
        char[] secret = password.getPassword();
        try {
            ConsoleUsers current = users == null ? ConsoleUsers.none() : users.get();
            if (name.getName() == null || secret == null || !current.verify(name.getName(), secret)) {
                LOG.info("Console login refused for user '{}'", printable(name.getName()));
                throw new FailedLoginException("wrong user name or password");
            }
        } catch (ConsoleUsersException e) {
            LOG.warn("Console login refused: {}", e.getMessage());
            throw new FailedLoginException("the users file cannot be read");
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
            password.clearPassword();
        }
        user = name.getName();
        return true;
    }

    /** Adds the user and role principals. @return true when {@link #login()} succeeded */
    @Override
    public boolean commit() {
        if (user == null) {
            return false;
        }
        userPrincipal = new ConsolePrincipal(ConsolePrincipal.Kind.USER, user);
        rolePrincipal = new ConsolePrincipal(ConsolePrincipal.Kind.ROLE, ConsolePrincipal.OPERATOR);
        subject.getPrincipals().add(userPrincipal);
        subject.getPrincipals().add(rolePrincipal);
        return true;
    }

    /** Forgets a login that the realm as a whole refused. @return true when this module had logged in */
    @Override
    public boolean abort() {
        boolean had = user != null;
        logout();
        return had;
    }

    /** Removes the principals this module added. @return true */
    @Override
    public boolean logout() {
        if (subject != null && userPrincipal != null) {
            subject.getPrincipals().remove(userPrincipal);
            subject.getPrincipals().remove(rolePrincipal);
        }
        user = null;
        userPrincipal = null;
        rolePrincipal = null;
        return true;
    }

    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        String cut = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return cut.replaceAll("[^A-Za-z0-9._@-]", "?");
    }
}
