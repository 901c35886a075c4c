package dev.camelpayme.component;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.camelpayme.component.PaymeSignerTest.KEY;
import static dev.camelpayme.component.PaymeSignerTest.hash;
import static dev.camelpayme.component.PaymeTestSupport.contextWith;
import static dev.camelpayme.component.PaymeTestSupport.paymeMetadata;
import static dev.camelpayme.component.PaymeTestSupport.rootCause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The option clientKeyFile: the key read from a file at start, and every way that can go wrong. */
class PaymeClientKeyFileTest {

    private static final String OPTION = "PayMe option clientKeyFile (camel.component.payme.client-key-file): ";
    private static final String BOTH = "PayMe options clientKey (camel.component.payme.client-key) and clientKeyFile "
                                       + "(camel.component.payme.client-key-file) are both set: set only one of them";
    private static final String SIGN_BODY = "{\"txamt\":\"100\",\"txcurrcd\":\"HKD\"}";
    private static final String SIGNED = "txamt=100&txcurrcd=HKD";

    @TempDir
    Path dir;

    private Path keyFile(String content) throws Exception {
        Path file = dir.resolve("payme-client-key");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static PaymeComponent componentWithFile(Path file) {
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode("APP");
        payme.getConfiguration().setClientKeyFile(file.toString());
        return payme;
    }

    private static Exchange sign(CamelContext context, String endpoint) {
        return context.createProducerTemplate().request(endpoint, e -> e.getMessage().setBody(SIGN_BODY));
    }

    /** Starts a context that must fail; returns the root cause, after checking no secret is anywhere in the trace. */
    private static Throwable startupFailure(PaymeComponent payme, String secret, String... uris) throws Exception {
        CamelContext context = contextWith(payme, uris);
        try {
            Exception e = assertThrows(Exception.class, context::start);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertFalse(trace.toString().contains(secret), "the key file's content leaked into the start-up error");
            Throwable root = rootCause(e);
            assertEquals(IllegalArgumentException.class, root.getClass());
            return root;
        } finally {
            context.stop();
        }
    }

    @Test
    void keyIsReadFromTheFileTrimmedOfSurroundingWhitespace() throws Exception {
        Path file = keyFile("\uFEFF  " + KEY + " \r\n\n");
        try (CamelContext context = contextWith(componentWithFile(file), "payme:sign")) {
            context.start();

            Exchange out = sign(context, "direct:r0");

            assertNull(out.getException());
            assertEquals(hash("MD5", SIGNED + KEY), out.getMessage().getHeader("X-QF-SIGN"));
            assertEquals("APP", out.getMessage().getHeader("X-QF-APPCODE"));
        }
    }

    @Test
    void notificationsAreVerifiedWithTheKeyFromTheFile() throws Exception {
        Path file = keyFile(KEY + "\n");
        try (CamelContext context = contextWith(componentWithFile(file), "payme:notification")) {
            context.start();
            String body = "{\"notify_type\":\"payment\",\"syssn\":\"1\"}";

            Exchange out = context.createProducerTemplate().request("direct:r0", e -> {
                e.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
                e.getMessage().setHeader("X-QF-SIGN", hash("MD5", body + KEY));
            });

            assertNull(out.getException());
            assertEquals("1", out.getMessage().getHeader(PaymeConstants.SYSSN));
        }
    }

    @Test
    void keyFileMayBeGivenPerEndpointAndReplacesTheComponentsKey() throws Exception {
        Path file = keyFile("file-key");
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode("APP");
        payme.getConfiguration().setClientKey(KEY);
        try (CamelContext context = contextWith(payme, "payme:sign?clientKeyFile=" + file, "payme:sign")) {
            context.start();

            assertEquals(hash("MD5", SIGNED + "file-key"), sign(context, "direct:r0").getMessage().getHeader("X-QF-SIGN"));
            assertEquals(hash("MD5", SIGNED + KEY), sign(context, "direct:r1").getMessage().getHeader("X-QF-SIGN"));
        }
    }

    @Test
    void endpointKeyReplacesTheComponentsKeyFile() throws Exception {
        Path file = keyFile(KEY);
        try (CamelContext context = contextWith(componentWithFile(file), "payme:sign?clientKey=RAW(other-key)")) {
            context.start();

            assertEquals(hash("MD5", SIGNED + "other-key"), sign(context, "direct:r0").getMessage().getHeader("X-QF-SIGN"));
        }
    }

    @Test
    void blankClientKeyCountsAsNotSetNextToAKeyFile() throws Exception {
        // e.g. CAMEL_COMPONENT_PAYME_CLIENT_KEY= overriding a key in application.properties
        PaymeComponent payme = componentWithFile(keyFile(KEY));
        payme.getConfiguration().setClientKey("");
        try (CamelContext context = contextWith(payme, "payme:sign")) {
            context.start();

            assertEquals(hash("MD5", SIGNED + KEY), sign(context, "direct:r0").getMessage().getHeader("X-QF-SIGN"));
        }
    }

    @Test
    void keyFileBindsFromCamelMainStyleProperties() throws Exception {
        Path file = keyFile(KEY + "\n");
        try (CamelContext context = new DefaultCamelContext()) {
            PaymeComponent payme = new PaymeComponent();
            context.addComponent("payme", payme);
            PropertyBindingSupport.build().withCamelContext(context).withTarget(payme)
                    .withProperties(new HashMap<>(Map.of("app-code", "APP", "client-key-file", file.toString())))
                    .bind();
            context.start();

            assertEquals(file.toString(), payme.getConfiguration().getClientKeyFile());
            assertNull(payme.getConfiguration().getClientKey(), "the option clientKey stays unset");
            assertEquals(hash("MD5", SIGNED + KEY), sign(context, "payme:sign").getMessage().getHeader("X-QF-SIGN"));
            assertFalse(payme.getConfiguration().toString().contains(KEY));
            assertTrue(payme.getConfiguration().toString().contains("clientKeyFile=" + file));
        }
    }

    @Test
    void bothOptionsSetAtComponentLevelStopsStartupNamingBoth() throws Exception {
        PaymeComponent payme = componentWithFile(keyFile(KEY));
        payme.getConfiguration().setClientKey("another-key");

        Throwable root = startupFailure(payme, KEY);

        assertEquals(BOTH, root.getMessage());
        assertFalse(root.getMessage().contains("another-key"));
    }

    @Test
    void bothOptionsSetOnOneEndpointStopsStartupNamingBoth() throws Exception {
        Path file = keyFile(KEY);
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode("APP");

        Throwable root = startupFailure(payme, KEY, "payme:sign?clientKey=RAW(another-key)&clientKeyFile=" + file);

        assertEquals(BOTH, root.getMessage());
    }

    @Test
    void missingFileStopsStartupNamingTheOptionAndPath() throws Exception {
        Path missing = dir.resolve("no-such-key");

        Throwable root = startupFailure(componentWithFile(missing), KEY, "payme:payment");

        assertEquals(OPTION + "cannot read file " + missing + " (NoSuchFileException)", root.getMessage());
    }

    @Test
    void missingFileOnAnEndpointStopsStartupNamingTheOptionAndPath() throws Exception {
        Path missing = dir.resolve("no-such-key");
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode("APP");

        Throwable root = startupFailure(payme, KEY, "payme:payment?clientKeyFile=" + missing);

        assertEquals(OPTION + "cannot read file " + missing + " (NoSuchFileException)", root.getMessage());
    }

    @Test
    void directoryInsteadOfAFileStopsStartup() throws Exception {
        Throwable root = startupFailure(componentWithFile(dir), KEY, "payme:payment");

        assertTrue(root.getMessage().startsWith(OPTION + "cannot read file " + dir + " ("), root.getMessage());
    }

    @Test
    void emptyFileStopsStartup() throws Exception {
        Path file = keyFile("");

        Throwable root = startupFailure(componentWithFile(file), KEY, "payme:payment");

        assertEquals(OPTION + "file " + file + " is empty", root.getMessage());
    }

    @Test
    void whitespaceOnlyFileCountsAsEmpty() throws Exception {
        Path file = keyFile(" \n\t\r\n");

        Throwable root = startupFailure(componentWithFile(file), KEY, "payme:payment");

        assertEquals(OPTION + "file " + file + " is empty", root.getMessage());
    }

    @Test
    void fileOfSeveralLinesIsRefusedWithoutQuotingIt() throws Exception {
        // e.g. a properties file given by mistake: its content must not reach the log
        Path file = keyFile("client-key=" + KEY + "\napp-code=APP\n");

        Throwable root = startupFailure(componentWithFile(file), KEY, "payme:payment");

        assertEquals(OPTION + "file " + file + " must hold only the client key, on one line", root.getMessage());
    }

    @Test
    void largeFileIsRefused() throws Exception {
        Path file = keyFile(KEY.repeat(200));

        Throwable root = startupFailure(componentWithFile(file), KEY, "payme:payment");

        assertEquals(OPTION + "file " + file + " is larger than 4096 bytes: it must hold only the client key",
                root.getMessage());
    }

    @Test
    void fileThatIsNotUtf8IsRefused() throws Exception {
        Path file = dir.resolve("latin1-key");
        Files.write(file, (KEY + "\u00e9").getBytes(StandardCharsets.ISO_8859_1));

        Throwable root = startupFailure(componentWithFile(file), KEY, "payme:payment");

        assertEquals(OPTION + "file " + file + " is not valid UTF-8", root.getMessage());
    }

    @Test
    void fileIsReadAtStartNotAtEachMessage() throws Exception {
        Path file = keyFile(KEY);
        try (CamelContext context = contextWith(componentWithFile(file), "payme:sign")) {
            context.start();
            Files.delete(file);

            Exchange out = sign(context, "direct:r0");

            assertNull(out.getException());
            assertEquals(hash("MD5", SIGNED + KEY), out.getMessage().getHeader("X-QF-SIGN"));
        }
    }

    @Test
    void generatedMetadataDescribesTheOption() throws Exception {
        JsonNode json = paymeMetadata();
        assertNotNull(json);
        for (String section : new String[] { "componentProperties", "properties" }) {
            JsonNode option = json.path(section).path("clientKeyFile");
            assertEquals("security", option.path("label").asText(), section);
            assertEquals("java.lang.String", option.path("javaType").asText(), section);
            assertTrue(option.path("description").asText().contains("CAMEL_COMPONENT_PAYME_CLIENT_KEY"), section);
            assertFalse(json.path(section).path("clientKey").path("required").asBoolean(),
                    "clientKey is not required on its own any more: " + section);
        }
    }
}
