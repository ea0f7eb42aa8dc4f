package dev.maintenance4j.spring.boot.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The security tests' users: alice, an ADMIN, and bob, a USER; each one's password is its name + "-password". */
final class TestUsers {

    private TestUsers() {}

    static InMemoryUserDetailsManager aliceTheAdminAndBob() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice")
                        .password("{noop}alice-password")
                        .roles("ADMIN")
                        .build(),
                User.withUsername("bob")
                        .password("{noop}bob-password")
                        .roles("USER")
                        .build());
    }
}
