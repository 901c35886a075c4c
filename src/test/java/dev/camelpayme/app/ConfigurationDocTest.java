package dev.camelpayme.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every key the shipped application.properties sets is documented in the README, by its name in backticks. */
class ConfigurationDocTest {

    @Test
    void everyShippedKeyIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> keys = Files.readAllLines(Path.of("application.properties")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('=')).trim())
                .toList();

        assertThat(keys).hasSizeGreaterThan(100);
        assertThat(keys).as("keys of application.properties the README does not name")
                .allMatch(key -> readme.contains("`" + key + "`"));
    }
}
