package dev.maintenance4j.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small orders service behind maintenance4j: a page, a JSON API with reads and writes, a heavy export
 * endpoint (its own operation class), and a scheduled job. Start it with {@code bin/example}.
 */
@SpringBootApplication
@EnableScheduling
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
