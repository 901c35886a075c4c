package dev.camelpayme.app;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape every error answer of the listeners has: {@code {"error":"<text>","status":N}}, short, nothing more. */
public final class ErrorAnswers {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ErrorAnswers() {
    }

    /** The body is the short JSON error of {@code status}: its text, for further checks. */
    public static String assertErrorBody(String body, int status) {
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON error body: " + body, e);
        }
        assertThat(json.isObject()).as("a JSON error of status %d, not [%s]", status, body).isTrue();
        assertThat(json.fieldNames()).toIterable().as(body).containsExactlyElementsOf(List.of("error", "status"));
        assertThat(json.path("status").asInt()).as(body).isEqualTo(status);
        assertThat(json.path("error").asText()).as(body).isNotBlank().hasSizeLessThan(120);
        return json.path("error").asText();
    }
}
