package dev.camelpayme.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What ReadmeQuickStartIT reads from the README: the blocks it runs and the output they are shown to print. */
class ReadmeExamplesTest {

    private final ReadmeExamples readme;

    ReadmeExamplesTest() throws Exception {
        readme = new ReadmeExamples(Files.readString(Path.of("README.md")));
    }

    @Test
    void theQuickStartIsTwoCommandsRunThenTest() {
        assertThat(readme.commandLines("## Quick start", "### When it does not start")).containsExactly(
                "mvn -B -q package -DskipTests && java -jar target/camel-payme.jar", "mvn -B verify");
    }

    @Test
    void theStableShownOutputOfEachIntakeExampleIsFound() {
        List<String> intake = readme.blocks("### Send an order through each intake", "### Where each outcome appears");

        assertThat(intake).hasSize(4);
        assertThat(ReadmeExamples.expectedFragments(intake.get(0))).contains("HTTP/1.1 201",
                "\"order_id\":\"shop-1001\"", "\"outcome\":\"CREATED\"", "\"txcurrcd\":\"HKD\"");
        assertThat(ReadmeExamples.expectedFragments(intake.get(2))).contains("\"outcome\":\"PAID\"");
        assertThat(ReadmeExamples.expectedFragments(intake.get(3))).contains("CONNECTED",
                "receipt-id:shop-1003-sent", "receipt-id:bye");
    }

    @Test
    void elidedValuesAndCommandsAreNotExpectedOutput() {
        String block = """
                curl -i localhost:8080/x   # a trailing comment
                # {"out_trade_no":"shop-1-...","syssn":"2026...","outcome":"PAID","respcd":"0000"}
                # HTTP/1.1 401 Unauthorized
                """;

        assertThat(ReadmeExamples.expectedFragments(block))
                .containsExactly("\"outcome\":\"PAID\"", "\"respcd\":\"0000\"", "HTTP/1.1 401");
    }
}
