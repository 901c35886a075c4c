package dev.camelpayme.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.camelpayme.app.api.ApiSchemas;
import dev.camelpayme.component.PaymentOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the app serves, fetched over HTTP and held against the real answers: every documented
 * operation exists with its method and path, and each answer of each operation (success, refusals, 401, 403) has a
 * documented status, and its JSON the documented schema: every required property present, none undocumented, each
 * of the documented type (null only where the schema allows it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiDocumentTest extends RefundRouteTestSupport {

    private static final String DOCUMENT = "/api/openapi.json";
    private JsonNode document;

    /** The document as served, fetched once (the app starts before the first test, not before the class). */
    private JsonNode document() {
        if (document == null) {
            try {
                HttpResponse<String> answer = getAs(ApiTestUsers.RECONCILIATION.authorization(), DOCUMENT, Map.of());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                Files.writeString(Path.of("target", "openapi.json"), answer.body());
                document = json(answer.body());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return document;
    }

    @Test
    void theDocumentIsOpenApi3AndNeedsCredentials() throws Exception {
        assertThat(document().path("openapi").asText()).startsWith("3.");
        assertThat(document().path("info").path("title").asText()).isEqualTo("camel-payme API");
        assertThat(document().path("servers").toString()).doesNotContain("0.0.0.0").contains("127.0.0.1:" + restPort);
        assertThat(getAs(null, DOCUMENT, Map.of()).statusCode()).isEqualTo(401);
        assertThat(getAs(ApiTestUsers.basic(ApiTestUsers.PAYMENTS.name, "wrong"), DOCUMENT, Map.of()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void everyOperationOfTheApiIsDocumentedAndNoOther() {
        assertThat(operations()).containsExactlyInAnyOrder("POST /api/payments", "GET /api/payments/{order_id}",
                "POST /api/refunds", "GET /api/refunds/{refund_id}", "POST /api/reconciliations");
    }

    @Test
    void everyOperationRequiresHttpBasic() {
        JsonNode schemes = document().path("components").path("securitySchemes");
        List<String> basic = new ArrayList<>();
        schemes.properties().forEach(scheme -> {
            if ("http".equals(scheme.getValue().path("type").asText())
                    && "basic".equalsIgnoreCase(scheme.getValue().path("scheme").asText())) {
                basic.add(scheme.getKey());
            }
        });
        assertThat(basic).hasSize(1);
        for (String operation : operations()) {
            assertThat(operation(operation).path("security").toString()).as(operation)
                    .contains("{\"" + basic.get(0) + "\":[]}");
        }
    }

    @Test
    void txamtIsDocumentedAsWholeMinorUnits() {
        for (String schema : List.of("Order", "RefundRequest", "PaymentOutcome", "RefundOutcome")) {
            String description = schema(schema).path("properties").path("txamt").path("description").asText();
            assertThat(description).as(schema).contains("whole number of minor units (cents)")
                    .contains("2500 for HK$25.00");
        }
        assertThat(schema("Order").path("required").toString()).contains("order_id").contains("txamt");
    }

    /** The documented order and refund request are the fields the flows accept, no more, no fewer. */
    @Test
    void documentedRequestsHaveTheFieldsTheFlowsAccept() {
        Set<String> orderFields = jacksonProperties(PaymentOrder.class);
        orderFields.remove("notify_url");
        assertThat(propertyNames(schema("Order"))).isEqualTo(orderFields);
        assertThat(propertyNames(schema("Order"))).isEqualTo(jacksonProperties(ApiSchemas.Order.class));
        assertThat(propertyNames(schema("RefundRequest"))).containsExactlyInAnyOrder("order_id", "syssn", "txamt",
                "refund_id");
        assertThat(propertyNames(schema("ReconciliationRequest"))).containsExactly("date");
    }

    @Test
    void paymentAnswersMatchTheirDocumentedSchemas() throws Exception {
        String orderId = newOrderId("OA");
        String post = "POST /api/payments";
        assertAnswer(post, postAs(ApiTestUsers.PAYMENTS, "/api/payments", order(orderId, 2500)), 201);
        assertAnswer(post, postAs(ApiTestUsers.PAYMENTS, "/api/payments", order(newOrderId("OA"), 91143)), 202);
        assertAnswer(post, postAs(ApiTestUsers.PAYMENTS, "/api/payments", "{\"order_id\":\"x\",\"txamt\":-1}"), 400);
        assertAnswer(post, postAs(ApiTestUsers.PAYMENTS, "/api/payments", order(orderId, 2600)), 409);
        assertAnswer(post, postAs(ApiTestUsers.PAYMENTS, "/api/payments", order(newOrderId("OA"), 91204)), 502);
        assertAnswer(post, postAs(null, "/api/payments", order(newOrderId("OA"), 2500)), 401);
        assertAnswer(post, postAs(ApiTestUsers.REFUNDS, "/api/payments", order(newOrderId("OA"), 2500)), 403);

        String get = "GET /api/payments/{order_id}";
        assertAnswer(get, getAs(ApiTestUsers.PAYMENTS.authorization(), "/api/payments/" + orderId, Map.of()), 200);
        assertAnswer(get, getAs(ApiTestUsers.PAYMENTS.authorization(), "/api/payments/nope-0", Map.of()), 404);
        assertAnswer(get, getAs(null, "/api/payments/" + orderId, Map.of()), 401);
        assertAnswer(get, getAs(ApiTestUsers.REFUNDS.authorization(), "/api/payments/" + orderId, Map.of()), 403);
    }

    @Test
    void refundAnswersMatchTheirDocumentedSchemas() throws Exception {
        JsonNode order = paidOrder(100000);
        String id = order.path("order_id").asText();
        String post = "POST /api/refunds";
        HttpResponse<String> refunded = postAs(ApiTestUsers.REFUNDS, "/api/refunds", refundRequest(order, 1000));
        assertAnswer(post, refunded, 201);
        assertAnswer(post, postAs(ApiTestUsers.REFUNDS, "/api/refunds", refundRequest(order, 91269)), 502);
        assertAnswer(post, postAs(ApiTestUsers.REFUNDS, "/api/refunds", refundRequest(order, 91143)), 202);
        assertAnswer(post, postAs(ApiTestUsers.REFUNDS, "/api/refunds", refundRequest(order, 200000)), 400);
        assertAnswer(post, postAs(ApiTestUsers.REFUNDS, "/api/refunds", "{\"order_id\":\"" + id
                + "\",\"txamt\":2000,\"refund_id\":\"" + json(refunded.body()).path("refund_id").asText() + "\"}"), 409);
        assertAnswer(post, postAs(null, "/api/refunds", refundRequest(order, 1000)), 401);
        assertAnswer(post, postAs(ApiTestUsers.PAYMENTS, "/api/refunds", refundRequest(order, 1000)), 403);

        String get = "GET /api/refunds/{refund_id}";
        String refundPath = "/api/refunds/" + json(refunded.body()).path("refund_id").asText();
        assertAnswer(get, getAs(ApiTestUsers.REFUNDS.authorization(), refundPath, Map.of()), 200);
        assertAnswer(get, getAs(ApiTestUsers.REFUNDS.authorization(), "/api/refunds/nope-0", Map.of()), 404);
        assertAnswer(get, getAs(null, refundPath, Map.of()), 401);
        assertAnswer(get, getAs(ApiTestUsers.PAYMENTS.authorization(), refundPath, Map.of()), 403);
    }

    @Test
    void reconciliationAnswersMatchTheirDocumentedSchemas() throws Exception {
        String post = "POST /api/reconciliations";
        String today = LocalDate.now(ZoneId.of("Asia/Hong_Kong")).toString();
        assertAnswer(post, postAs(ApiTestUsers.RECONCILIATION, "/api/reconciliations",
                "{\"date\":\"" + today + "\"}"), 200);
        assertAnswer(post, postAs(ApiTestUsers.RECONCILIATION, "/api/reconciliations", "{\"date\":\"x\"}"), 400);
        assertAnswer(post, postAs(null, "/api/reconciliations", "{\"date\":\"" + today + "\"}"), 401);
        assertAnswer(post, postAs(ApiTestUsers.PAYMENTS, "/api/reconciliations", "{\"date\":\"" + today + "\"}"),
                403);
    }

    /** Last, since QFPay's host is then gone for good: a reconciliation that cannot read QFPay's records. */
    @Test
    @Order(Integer.MAX_VALUE)
    void reconciliationFailureMatchesItsDocumentedSchema() throws Exception {
        sandbox().stop();
        String today = LocalDate.now(ZoneId.of("Asia/Hong_Kong")).toString();

        assertAnswer("POST /api/reconciliations", postAs(ApiTestUsers.RECONCILIATION, "/api/reconciliations",
                "{\"date\":\"" + today + "\"}"), 502);
    }

    @Test
    void theListenersRefusalsOfABodyAreDocumentedForEachPost() throws Exception {
        byte[] tooLarge = new byte[1024 * 1024 + 1];
        Arrays.fill(tooLarge, (byte) ' ');
        for (String path : List.of("/api/payments", "/api/refunds", "/api/reconciliations")) {
            String operation = "POST " + path;
            assertAnswer(operation, postAsOperator(path, "application/json",
                    HttpRequest.BodyPublishers.ofByteArray(tooLarge)), 413);
            assertAnswer(operation, postAsOperator(path, "text/plain", HttpRequest.BodyPublishers.ofString("{}")), 415);
        }
    }

    /** The answer has the expected status, the operation documents it, and its JSON body fits the schema. */
    private void assertAnswer(String operation, HttpResponse<String> answer, int expected) {
        assertThat(answer.statusCode()).as("%s: %s", operation, answer.body()).isEqualTo(expected);
        JsonNode response = operation(operation).path("responses").path(String.valueOf(expected));
        assertThat(response.isMissingNode()).as("%s documents %d", operation, expected).isFalse();
        JsonNode content = response.path("content");
        JsonNode jsonSchema = content.path("application/json").path("schema");
        if (jsonSchema.isMissingNode()) {
            assertThat(answer.body()).as("%s %d has no documented JSON body", operation, expected)
                    .doesNotStartWith("{");
            return;
        }
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertFits(operation + " " + expected, json(answer.body()), jsonSchema);
    }

    private void assertFits(String where, JsonNode value, JsonNode documented) {
        JsonNode schema = resolve(documented);
        if (value.isNull()) {
            assertThat(schema.path("nullable").asBoolean() || schema.path("type").toString().contains("null"))
                    .as("%s may be null", where).isTrue();
            return;
        }
        String type = typeOf(schema);
        switch (type) {
            case "object" -> {
                assertThat(value.isObject()).as("%s is an object", where).isTrue();
                for (JsonNode required : schema.path("required")) {
                    assertThat(value.has(required.asText())).as("%s has required %s", where, required.asText())
                            .isTrue();
                }
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.path("additionalProperties");
                value.properties().forEach(field -> {
                    if (properties.has(field.getKey())) {
                        assertFits(where + "." + field.getKey(), field.getValue(), properties.path(field.getKey()));
                    } else {
                        assertThat(additional.isObject()).as("%s documents property %s", where, field.getKey())
                                .isTrue();
                        assertFits(where + "." + field.getKey(), field.getValue(), additional);
                    }
                });
            }
            case "array" -> {
                assertThat(value.isArray()).as("%s is an array", where).isTrue();
                value.forEach(item -> assertFits(where + "[]", item, schema.path("items")));
            }
            case "string" -> assertThat(value.isTextual()).as("%s is a string: %s", where, value).isTrue();
            case "integer" -> assertThat(value.isIntegralNumber()).as("%s is an integer: %s", where, value).isTrue();
            case "boolean" -> assertThat(value.isBoolean()).as("%s is a boolean: %s", where, value).isTrue();
            default -> throw new AssertionError(where + ": undocumented type " + schema);
        }
        if (value.isTextual() && schema.has("enum")) {
            List<String> allowed = new ArrayList<>();
            schema.path("enum").forEach(v -> allowed.add(v.asText()));
            assertThat(allowed).as("%s is one of its documented values", where).contains(value.asText());
        }
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        return type.isMissingNode() && schema.has("properties") ? "object" : type.asText();
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : schema(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private JsonNode schema(String name) {
        JsonNode schema = document().path("components").path("schemas").path(name);
        assertThat(schema.isMissingNode()).as("schema %s in %s", name,
                document().path("components").path("schemas").properties().stream().map(Map.Entry::getKey).toList())
                .isFalse();
        return schema;
    }

    private List<String> operations() {
        List<String> operations = new ArrayList<>();
        document().path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(method -> operations.add(method.getKey().toUpperCase() + " " + path.getKey())));
        return operations;
    }

    private JsonNode operation(String operation) {
        String[] methodAndPath = operation.split(" ", 2);
        JsonNode found = document().path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase());
        assertThat(found.isMissingNode()).as("%s is documented", operation).isFalse();
        return found;
    }

    private static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> jacksonProperties(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (BeanPropertyDefinition property : JSON.getSerializationConfig().introspect(JSON.constructType(type))
                .findProperties()) {
            names.add(property.getName());
        }
        return names;
    }

    private HttpResponse<String> postAsOperator(String path, String contentType, HttpRequest.BodyPublisher body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                .header("Authorization", ApiTestUsers.OPERATOR.authorization()).header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(20)).POST(body).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postAs(ApiTestUsers user, String path, String json) throws Exception {
        return postAs(user == null ? null : user.authorization(), path,
                HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8), Map.of(), Duration.ofSeconds(20));
    }
}
