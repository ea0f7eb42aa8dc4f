package dev.maintenance4j.spring.boot.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The security tests' users, servlet and reactive: alice, an ADMIN, and bob, a USER; each one's password is its
 * name + "-password".
 */
public final class TestUsers {

    private TestUsers() {}

    public static UserDetails[] aliceTheAdminAndBob() {
        return new UserDetails[] {
            User.withUsername("alice")
                    .password("{noop}alice-password")
                    .roles("ADMIN")
                    .build(),
            User.withUsername("bob")
                    .password("{noop}bob-password")
                    .roles("USER")
                    .build()
        };
    }
}
