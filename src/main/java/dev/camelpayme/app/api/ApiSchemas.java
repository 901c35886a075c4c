package dev.camelpayme.app.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The request bodies of the REST API as its OpenAPI document describes them (the REST DSL's {@code type}). The
 * requests are read as JSON trees by the flows, not bound to these: they exist for the document, and
 * {@code OpenApiDocumentTest} checks them against what the flows accept. The answers are described by the outcome
 * classes themselves, the server's own refusals by {@link ErrorAnswer}.
 */
public final class ApiSchemas {

    static final String TXAMT = "The amount as a whole number of minor units (cents): 2500 for HK$25.00";

    private ApiSchemas() {
    }

    @Schema(name = "Order", description = "One payment order; unknown fields and control characters are refused",
            requiredProperties = { "order_id", "txamt" })
    public record Order(
            @JsonProperty("order_id") @Schema(description = "The merchant's order id, 1 to 64 of A-Z a-z 0-9 . _ -",
                    example = "shop-1001") String orderId,
            @JsonProperty("txamt") @Schema(description = TXAMT + "; positive, at most 11 digits", example = "2500")
            Long txamt,
            @JsonProperty("txcurrcd") @Schema(description = "Currency, three upper-case letters (default HKD)",
                    example = "HKD") String txcurrcd,
            @JsonProperty("pay_type") @Schema(description = "805814 PayMe web (QR on a desktop page), 805812 PayMe"
                    + " WAP (mobile browser); default camel.component.payme.pay-type",
                    allowableValues = { "805814", "805812" }) String payType,
            @JsonProperty("txdtm") @Schema(description = "Request time, yyyy-MM-dd HH:mm:ss Hong Kong time; filled"
                    + " in when absent", example = "2026-12-01 13:23:54") String txdtm,
            @JsonProperty("expired_time") @Schema(description = "Minutes until the QR expires, 5 to 120")
            Integer expiredTime,
            @JsonProperty("goods_name") @Schema(description = "At most 20 letters or digits", example = "Coffee")
            String goodsName,
            @JsonProperty("mchid") @Schema(description = "Only one listed in camel.component.payme.allowed-mchids")
            String mchid,
            @JsonProperty("udid") @Schema(description = "Device id, at most 40 characters") String udid,
            @JsonProperty("return_url") @Schema(description = "Only under one of"
                    + " camel.component.payme.allowed-return-url-prefixes") String returnUrl) {
    }

    @Schema(name = "RefundRequest", description = "A refund of a paid order, named by order_id or by the payment's"
            + " syssn; unknown fields are refused")
    public record Refund(
            @JsonProperty("order_id") @Schema(description = "The paid order's order_id") String orderId,
            @JsonProperty("syssn") @Schema(description = "The payment's syssn, instead of order_id") String syssn,
            @JsonProperty("txamt") @Schema(description = TXAMT + "; default: everything still refundable",
                    example = "1000") Long txamt,
            @JsonProperty("refund_id") @Schema(description = "1 to 64 of A-Z a-z 0-9 . _ -; default"
                    + " <order_id>-r<txamt>", example = "shop-2001-r1") String refundId) {
    }

    @Schema(name = "ReconciliationRequest", requiredProperties = "date")
    public record Reconciliation(
            @JsonProperty("date") @Schema(description = "The Hong Kong day to reconcile, yyyy-MM-dd, not in the"
                    + " future, within payme.reconciliation.max-days-back days", example = "2026-12-01") String date) {
    }

    @Schema(name = "ReconciliationRefused", description = "400: the request broke these rules (errors); 502: QFPay's"
            + " records could not be read (reason)", requiredProperties = "outcome")
    public record ReconciliationRefused(
            @JsonProperty("outcome") @Schema(allowableValues = { "REJECTED", "FAILED" }) String outcome,
            @JsonProperty("errors") @Schema(description = "Each field and rule broken (400)")
            List<Map<String, String>> errors,
            @JsonProperty("reason") @Schema(description = "Why nothing was concluded (502)") String reason) {
    }

    @Schema(name = "Error", description = "A refusal by the server itself (401, 403, 404, 405, 406, 408, 413, 415, 500,"
            + " 503): what was wrong, never anything of the request", requiredProperties = { "error", "status" })
    public record ErrorAnswer(
            @JsonProperty("error") @Schema(description = "What was wrong, and what to do where there is something to"
                    + " do", example = "Forbidden: this user does not have the role this operation needs") String error,
            @JsonProperty("status") @Schema(description = "The HTTP status, repeated", example = "403")
            Integer status) {
    }
}
