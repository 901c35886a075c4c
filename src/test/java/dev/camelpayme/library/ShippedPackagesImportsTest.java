package dev.camelpayme.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user's build gets from the packages it may depend on: the component, the sandbox (with the pages package
 * it shares with the checkout page, and the files package it shares with the application's data) and the test kit (jar classifier testkit) import only the JDK, Camel, Jackson,
 * SLF4J, JUnit (the kit), ZXing's core (the pages, optional) and each other, never the application, its broker or its
 * store; the kit's example test imports only the kit, Camel and JUnit.
 */
class ShippedPackagesImportsTest {

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
    private static final Path MAIN = Path.of("src/main/java/dev/camelpayme");

    @Test
    void componentImportsOnlyTheJdkCamelAndJackson() throws IOException {
        assertThat(importsOutside(MAIN.resolve("component"), "java.", "org.apache.camel.", "com.fasterxml.jackson.",
                "dev.camelpayme.component.")).isEmpty();
    }

    @Test
    void sandboxImportsOnlyTheJdkJacksonSlf4jAndThePagesAndFilesPackages() throws IOException {
        assertThat(importsOutside(MAIN.resolve("sandbox"), "java.", "com.sun.net.httpserver.",
                "com.fasterxml.jackson.", "org.slf4j.", "dev.camelpayme.sandbox.", "dev.camelpayme.pages.",
                "dev.camelpayme.files.")).isEmpty();
    }

    @Test
    void filesImportOnlyTheJdk() throws IOException {
        assertThat(importsOutside(MAIN.resolve("files"), "java.")).isEmpty();
    }

    @Test
    void pagesImportOnlyTheJdkAndZxingsCore() throws IOException {
        assertThat(importsOutside(MAIN.resolve("pages"), "java.", "com.google.zxing.")).isEmpty();
    }

    @Test
    void testKitImportsOnlyTheSandboxTheComponentCamelAndJunit() throws IOException {
        assertThat(importsOutside(MAIN.resolve("testkit"), "java.", "org.apache.camel.", "org.junit.jupiter.api.",
                "dev.camelpayme.sandbox.", "dev.camelpayme.component.", "dev.camelpayme.testkit.")).isEmpty();
    }

    @Test
    void theKitsExampleImportsOnlyTheKitCamelAndJunit() throws IOException {
        assertThat(importsOutside(Path.of("src/test/java/dev/camelpayme/testkit/example"), "java.",
                "org.apache.camel.", "org.junit.jupiter.api.", "dev.camelpayme.testkit.")).isEmpty();
    }

    @Test
    void theCheckFindsAnImportOutsideTheAllowedOnes() throws IOException {
        assertThat(importsOutside(MAIN.resolve("testkit"), "java.")).contains("org.apache.camel.CamelContext");
    }

    /** Every import of the folder's Java files that starts with none of the allowed prefixes. */
    private static List<String> importsOutside(Path folder, String... allowed) throws IOException {
        assertThat(folder).isDirectory();
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(ShippedPackagesImportsTest::imports)
                    .filter(name -> Stream.of(allowed).noneMatch(name::startsWith)).distinct()
                    .collect(Collectors.toList());
        }
    }

    private static Stream<String> imports(Path file) {
        try {
            Matcher m = IMPORT.matcher(Files.readString(file));
            Stream.Builder<String> names = Stream.builder();
            while (m.find()) {
                names.add(m.group(1));
            }
            return names.build();
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
