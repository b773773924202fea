package io.playvoxbridge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import org.junit.jupiter.api.Test;

/** The console's JAAS realm: a login through {@link LoginContext}, as Hawtio does it, with the user and role principals. */
class ConsoleLoginModuleTest {

    static CallbackHandler answering(String name, String password) {
        return callbacks -> {
            for (Callback c : callbacks) {
                if (c instanceof NameCallback n) {
                    n.setName(name);
                } else if (c instanceof PasswordCallback p) {
                    p.setPassword(password.toCharArray());
                }
            }
        };
    }

    @Test
    void a_known_user_logs_in_with_the_operator_role_and_a_wrong_password_is_refused() throws Exception {
        ConsoleUsers users = ConsoleUsers.none().withUser("alice", "right".toCharArray(), 1_000);
        ConsoleRealm.install(() -> users);

        Subject subject = new Subject();
        LoginContext ok = new LoginContext(ConsoleRealm.NAME, subject, answering("alice", "right"));
        ok.login();
        assertThat(subject.getPrincipals()).contains(
                new ConsolePrincipal(ConsolePrincipal.Kind.USER, "alice"),
                new ConsolePrincipal(ConsolePrincipal.Kind.ROLE, ConsolePrincipal.OPERATOR));
        ok.logout();
        assertThat(subject.getPrincipals()).isEmpty();

        LoginContext wrong = new LoginContext(ConsoleRealm.NAME, new Subject(), answering("alice", "wrong"));
        assertThatThrownBy(wrong::login).isInstanceOf(FailedLoginException.class);
    }

    @Test
    void the_users_are_asked_again_at_each_login() throws Exception {
        ConsoleUsers[] current = {ConsoleUsers.none()};
        ConsoleRealm.install(() -> current[0]);
        assertThatThrownBy(() -> new LoginContext(ConsoleRealm.NAME, new Subject(), answering("bob", "pw")).login())
                .isInstanceOf(FailedLoginException.class);

        current[0] = current[0].withUser("bob", "pw".toCharArray(), 1_000);

        new LoginContext(ConsoleRealm.NAME, new Subject(), answering("bob", "pw")).login();
    }
}
