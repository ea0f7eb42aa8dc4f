package dev.maintenance4j.servlet.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentNegotiationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "application/json                                   | true",
            "application/problem+json                           | true",
            "text/html;q=0.9, application/json                  | true",
            "application/json;q=0.9, text/html                  | false",
            "text/html,application/xhtml+xml,*/*;q=0.8          | false",
            "*/*                                                | false",
            "application/json, */*                              | false",
            "application/json, */*;q=0.1                        | true",
            "text/*, application/json;q=0.5                     | false",
            "application/json;q=banana                          | false",
            "application/json;q=2                               | false",
            "NULL                                               | false",
            "''                                                 | false",
            ";;;,,,q=                                           | false",
    })
    void negotiatesJsonOnlyWhenPreferred(String accept, boolean json) {
        assertThat(ContentNegotiation.prefersJson(accept)).isEqualTo(json);
    }
}
