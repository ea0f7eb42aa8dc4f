package dev.maintenance4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentNegotiationTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
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
                "Application/JSON                                   | true",
                "TEXT/HTML;Q=0.5, application/json;Q=0.6            | true",
                "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8 | false",
                "application/json; charset=utf-8; q=0.8, text/html;q=0.7 | true",
                "application/json ;\tq=0.8 , text/html ; q=0.9      | false",
                "application/json;q=1.000, text/html;q=0.999        | true",
                "application/json;q=0.001, text/html;q=0            | true",
                "application/json;q=1.5                             | false",
                "application/json;q=0.5000, text/html;q=0.1         | false",
                "application/json;q=.5                              | false",
                "application/json;q=1.001, */*;q=0.1                | false",
                "application/+json                                  | true",
                "application/vnd.api+json;q=0.9, text/*;q=0.8       | true",
                "text/json                                          | false",
            })
    void negotiatesJsonOnlyWhenPreferred(String accept, boolean json) {
        assertThat(ContentNegotiation.prefersJson(accept)).isEqualTo(json);
    }
}
