package dev.camelpayme.component;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.camelpayme.component.PaymeSignerTest.KEY;
import static dev.camelpayme.component.PaymeTestSupport.contextWith;
import static dev.camelpayme.component.PaymeTestSupport.paymeMetadata;
import static dev.camelpayme.component.PaymeTestSupport.rootCause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options, start-up validation and the generated metadata. */
class PaymeComponentConfigurationTest {

    private static PaymeComponent component(String appCode, String clientKey) {
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode(appCode);
        payme.getConfiguration().setClientKey(clientKey);
        return payme;
    }

    /** Starts a context that must fail, and returns the root cause; checks no message in the chain has the key. */
    private static Throwable startupFailure(PaymeComponent payme, String... uris) throws Exception {
        CamelContext context = contextWith(payme, uris);
        try {
            Exception e = assertThrows(Exception.class, context::start);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertFalse(trace.toString().contains(KEY), "the client key leaked into the start-up error");
            return rootCause(e);
        } finally {
            context.stop();
        }
    }

    @Test
    void missingAppCodeStopsStartupNamingTheOption() throws Exception {
        Throwable root = startupFailure(component(null, KEY), "payme:payment");

        assertEquals(IllegalArgumentException.class, root.getClass());
        assertEquals("PayMe option appCode (camel.component.payme.app-code) is required", root.getMessage());
    }

    @Test
    void missingClientKeyStopsStartupNamingTheOption() throws Exception {
        Throwable root = startupFailure(component("APP", null), "payme:notification");

        assertEquals("PayMe option clientKey (camel.component.payme.client-key) is required", root.getMessage());
    }

    @Test
    void blankClientKeyCountsAsMissing() throws Exception {
        Throwable root = startupFailure(component("APP", "  "), "payme:query");

        assertEquals("PayMe option clientKey (camel.component.payme.client-key) is required", root.getMessage());
    }

    @Test
    void badMchidAtComponentLevelStopsStartup() throws Exception {
        PaymeComponent payme = component("APP", KEY);
        payme.getConfiguration().setMchid("not-valid!");

        Throwable root = startupFailure(payme);

        assertEquals("PayMe option mchid (camel.component.payme.mchid) must be 1 to 16 characters of A-Z, a-z, 0-9",
                root.getMessage());
    }

    @ParameterizedTest(name = "allowedMchids {0}")
    @ValueSource(strings = { "Sub1,not-valid!", "Sub1,,Sub2", "Sub1,", "aaaaaaaaaaaaaaaaa" })
    void badAllowedMchidsStopStartupNamingTheOptionAndEntry(String mchids) throws Exception {
        PaymeComponent payme = component("APP", KEY);
        payme.getConfiguration().setAllowedMchids(mchids);

        Throwable root = startupFailure(payme);

        assertTrue(root.getMessage().startsWith("PayMe option allowedMchids (camel.component.payme.allowed-mchids) "
                                                + "entry "), root.getMessage());
        assertTrue(root.getMessage().endsWith(PaymeConfiguration.MCHID_RULE + " (a comma-separated list of mchids)"),
                root.getMessage());
        assertFalse(root.getMessage().contains("not-valid") || root.getMessage().contains("aaaa"), "value echoed");
    }

    @ParameterizedTest(name = "allowedReturnUrlPrefixes {0}")
    @ValueSource(strings = { "shop.example.com/", "/paid", "ftp://shop.example.com/", "https://user@shop.example.com/",
            "https://shop.example.com/?next=", "https://shop.example.com/#x", "https://shop.example.com/,",
            "https://shop.example.com/%2e%2e/x", "https://shop example.com/", "https:///paid" })
    void badReturnUrlPrefixStopsStartupNamingTheOption(String prefixes) throws Exception {
        Throwable root = startupFailure(component("APP", KEY),
                "payme:payment?allowedReturnUrlPrefixes=RAW(" + prefixes + ")");

        assertTrue(root.getMessage().startsWith("PayMe option allowedReturnUrlPrefixes "
                                                + "(camel.component.payme.allowed-return-url-prefixes) entry "),
                root.getMessage());
        assertTrue(root.getMessage().contains("must be an absolute http or https URL of at most 512 characters without "
                                              + "user info, query or fragment"), root.getMessage());
    }

    @ParameterizedTest(name = "notifyUrl {0}")
    @ValueSource(strings = { "/payme/notify", "ftp://shop.example.com/n", "https://user:pw@shop.example.com/n",
            "https://shop.example.com/n#x", "javascript:alert(1)" })
    void badNotifyUrlStopsStartupNamingTheOption(String notifyUrl) throws Exception {
        PaymeComponent payme = component("APP", KEY);
        payme.getConfiguration().setNotifyUrl(notifyUrl);

        Throwable root = startupFailure(payme);

        assertEquals("PayMe option notifyUrl (camel.component.payme.notify-url) must be an absolute http or https URL "
                     + "of at most 255 characters without user info or fragment", root.getMessage());
    }

    @Test
    void notifyUrlOverQfpaysLimitStopsStartup() throws Exception {
        PaymeComponent payme = component("APP", KEY);
        payme.getConfiguration().setNotifyUrl("https://shop.example.com/" + "n".repeat(231));

        Throwable root = startupFailure(payme);

        assertTrue(root.getMessage().startsWith("PayMe option notifyUrl"), root.getMessage());
    }

    @Test
    void merchantFieldOptionsBindFromDashedPropertiesAndBlankMeansUnset() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            PaymeComponent payme = component("APP", KEY);
            context.addComponent("payme", payme);
            PropertyBindingSupport.build().withCamelContext(context).withTarget(payme)
                    .withProperties(new java.util.HashMap<>(Map.of("allowed-mchids", "Sub1,Sub2",
                            "allowed-return-url-prefixes", "https://shop.example.com/paid/,https://m.example.com/",
                            "notify-url", " https://shop.example.com/payme/notify ")))
                    .bind();
            context.start();

            PaymeConfiguration configuration = context.getEndpoint("payme:payment", PaymeEndpoint.class)
                    .getConfiguration();
            assertEquals(java.util.List.of("Sub1", "Sub2"), configuration.allowedMchidList());
            assertEquals(2, configuration.returnUrlPrefixList().size());
            assertEquals("https://shop.example.com/payme/notify", configuration.getNotifyUrl());

            PaymeConfiguration blank = context.getEndpoint("payme:payment?allowedMchids=%20&notifyUrl=",
                    PaymeEndpoint.class).getConfiguration();
            assertEquals(java.util.List.of(), blank.allowedMchidList());
            assertEquals(null, blank.getNotifyUrl());
        }
    }

    @Test
    void unknownPayTypeListsAllowedValues() throws Exception {
        Throwable root = startupFailure(component("APP", KEY), "payme:payment?payType=805801");

        assertEquals("PayMe option payType (camel.component.payme.pay-type) must be one of 805814, 805812",
                root.getMessage());
    }

    @Test
    void unknownCurrencyListsAllowedValues() throws Exception {
        Throwable root = startupFailure(component("APP", KEY), "payme:payment?currency=GBP");

        assertTrue(root.getMessage().startsWith("PayMe option currency (camel.component.payme.currency) must be one of HKD,"),
                root.getMessage());
    }

    @Test
    void unknownSignTypeInUriListsAllowedValues() throws Exception {
        Throwable root = startupFailure(component("APP", KEY), "payme:payment?signType=SHA1");

        assertEquals("PayMe option signType (camel.component.payme.sign-type) must be one of MD5, SHA256",
                root.getMessage());
    }

    @Test
    void unknownSignTypeAtComponentLevelListsAllowedValues() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            PaymeComponent payme = new PaymeComponent();
            context.addComponent("payme", payme);

            Exception e = assertThrows(Exception.class,
                    () -> PropertyBindingSupport.build().withCamelContext(context).withTarget(payme)
                            .withProperty("signType", "sha1").bind());

            Throwable root = rootCause(e);
            assertEquals("PayMe option signType (camel.component.payme.sign-type) must be one of MD5, SHA256",
                    root.getMessage());
        }
    }

    @Test
    void unknownOperationListsTheOperations() throws Exception {
        Throwable root = startupFailure(component("APP", KEY), "payme:pay");

        assertEquals("PayMe operation must be one of payment, query, refund, sign, notification", root.getMessage());
    }

    @Test
    void componentOptionsBindFromPropertiesAndEndpointsOverrideThemOnTheirOwnCopy() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            PaymeComponent payme = new PaymeComponent();
            context.addComponent("payme", payme);
            PropertyBindingSupport.build().withCamelContext(context).withTarget(payme)
                    .withProperties(new java.util.HashMap<>(Map.of("appCode", "APP", "clientKey", KEY,
                            "signType", "sha-256", "queryWindowBefore", "30m", "queryWindowAfter", "7200000")))
                    .bind();
            context.start();

            PaymeEndpoint plain = context.getEndpoint("payme:payment", PaymeEndpoint.class);
            PaymeEndpoint other = context.getEndpoint("payme:payment?clientKey=RAW(other-key)&mchid=M1", PaymeEndpoint.class);

            assertEquals(SignType.SHA256, plain.getConfiguration().getSignType());
            assertEquals(1_800_000L, plain.getConfiguration().getQueryWindowBefore());
            assertEquals(7_200_000L, plain.getConfiguration().getQueryWindowAfter());
            assertEquals("other-key", other.getConfiguration().getClientKey());
            assertEquals(KEY, plain.getConfiguration().getClientKey());
            assertEquals(null, payme.getConfiguration().getMchid());
            assertEquals(KEY, payme.getConfiguration().getClientKey());

            Exchange a = context.createProducerTemplate().request(plain, e -> e.getMessage().setBody("{\"txamt\":1}"));
            Exchange b = context.createProducerTemplate().request("payme:sign?clientKey=RAW(other-key)",
                    e -> e.getMessage().setBody("{\"txamt\":1}"));
            Exchange c = context.createProducerTemplate().request("payme:sign", e -> e.getMessage().setBody("{\"txamt\":1}"));
            assertNotNull(a.getException(), "payment needs order_id");
            assertNotEquals(b.getMessage().getHeader("X-QF-SIGN"), c.getMessage().getHeader("X-QF-SIGN"));
        }
    }

    @Test
    void credentialsMayComeFromTheEndpointAlone() throws Exception {
        CamelContext context = contextWith(new PaymeComponent(), "payme:sign?appCode=APP&clientKey=RAW(" + KEY + ")");
        try {
            context.start();
            Exchange out = context.createProducerTemplate().request("direct:r0",
                    e -> e.getMessage().setBody(Map.of("txamt", "1")));
            assertEquals("APP", out.getMessage().getHeader("X-QF-APPCODE"));
        } finally {
            context.stop();
        }
    }

    @Test
    void clientKeyIsMaskedInLoggedUrisAndConfigurationSummaries() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setAdditionalSensitiveKeywords("myToken");
            context.addComponent("payme", component("APP", KEY));

            String sanitized = URISupport.sanitizeUri("payme:payment?appCode=APP&clientKey=" + KEY);
            assertFalse(sanitized.contains(KEY), sanitized);
            assertTrue(sanitized.contains("appCode=APP"), sanitized);
            // what Camel Main consults before logging a property value
            assertTrue(CamelContextHelper.containsSensitive(context, "camel.component.payme.client-key"));
            assertTrue(CamelContextHelper.containsSensitive(context, "camel.component.payme.clientKey"));
            assertTrue(CamelContextHelper.containsSensitive(context, "mytoken"), "keywords already set are kept");
        }
    }

    @Test
    void configurationToStringMasksTheKey() {
        PaymeConfiguration configuration = component("APP", KEY).getConfiguration();

        assertFalse(configuration.toString().contains(KEY));
        assertTrue(configuration.toString().contains("clientKey=xxxxxx"));
        assertFalse(configuration.copy().toString().contains(KEY));
    }

    @Test
    void generatedMetadataMarksTheClientKeySecret() throws Exception {
        JsonNode json = paymeMetadata();
        assertNotNull(json, "payme.json is on the classpath");

        assertEquals("payme", json.path("component").path("scheme").asText());
        assertTrue(json.path("componentProperties").path("clientKey").path("secret").asBoolean());
        assertTrue(json.path("properties").path("clientKey").path("secret").asBoolean());
        assertEquals("security", json.path("properties").path("clientKey").path("label").asText());
        assertTrue(json.path("properties").path("appCode").path("required").asBoolean());
        assertFalse(json.path("properties").path("appCode").path("secret").asBoolean());
        assertEquals("payment", json.path("properties").path("operation").path("enum").path(0).asText());
        assertTrue(json.path("headers").has(PaymeConstants.OUT_TRADE_NO));
        for (String option : new String[] { "notifyUrl", "allowedMchids", "allowedReturnUrlPrefixes" }) {
            assertEquals("java.lang.String", json.path("componentProperties").path(option).path("javaType").asText(), option);
            assertTrue(json.path("properties").path(option).path("description").asText().length() > 80, option);
        }
        assertEquals("security", json.path("properties").path("allowedMchids").path("label").asText());
        assertEquals("security", json.path("properties").path("allowedReturnUrlPrefixes").path("label").asText());
        try (InputStream service = getClass().getClassLoader()
                .getResourceAsStream("META-INF/services/org/apache/camel/component/payme")) {
            assertNotNull(service, "the component is discoverable by scheme");
        }
    }
}
