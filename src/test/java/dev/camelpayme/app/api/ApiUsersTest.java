package dev.camelpayme.app.api;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The users file read as Vert.x reads it for the server: what one server lets in, the other gives roles to. */
class ApiUsersTest {

    @Test
    void rolesFollowThePasswordAndOddSpacingOrLineEndsDoNotMatter() {
        ApiUsers users = ApiUsers.parse("""
                # comment\r
                user.shop=pw,payments\r
                  user.ops =  pw2 , payments ,refunds ,\r
                role.payments = *\r
                user.nobody = pw3
                """);

        assertThat(users.names()).containsExactly("shop", "ops", "nobody");
        assertThat(users.hasRole("shop", "payments")).isTrue();
        assertThat(users.hasRole("ops", "refunds")).isTrue();
        assertThat(users.hasRole("nobody", "payments")).isFalse();
        assertThat(users.hasRole("pw", "payments")).as("a password is no user").isFalse();
    }

    @Test
    void aLaterLineForTheSameUserReplacesTheEarlierOne() {
        ApiUsers users = ApiUsers.parse("user.ops = pw,refunds\nuser.ops = pw,payments\n");

        assertThat(users.hasRole("ops", "refunds")).isFalse();
        assertThat(users.hasRole("ops", "payments")).isTrue();
    }

    @Test
    void usersAreRecognisedByNameOrByPassword() {
        ApiUsers users = ApiUsers.parse("user.shop = demo-password,payments\n");

        assertThat(users.anyOf(Set.of("demo-payments"), Set.of("demo-password"))).isTrue();
        assertThat(users.anyOf(Set.of("shop"), Set.of())).isTrue();
        assertThat(users.anyOf(Set.of("demo-payments"), Set.of("other"))).isFalse();
        assertThat(users.toString()).doesNotContain("demo-password");
    }
}
