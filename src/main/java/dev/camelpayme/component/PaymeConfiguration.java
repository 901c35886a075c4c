package dev.camelpayme.component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Options of the {@code payme:} component. The component holds one instance; every endpoint gets its own
 * {@link #copy()}, so endpoint options never leak into other endpoints.
 */
@UriParams
public class PaymeConfiguration implements Cloneable {

    static final List<String> CURRENCIES
            = List.of("HKD", "CNY", "USD", "EUR", "SGD", "MYR", "THB", "JPY", "IDR", "MMK", "AED", "CAD", "AUD");
    static final String CURRENCY_RULE = "must be one of " + String.join(", ", CURRENCIES);
    static final List<String> PAY_TYPES = List.of("805814", "805812");
    static final Pattern MCHID = Pattern.compile("[A-Za-z0-9]{1,16}");
    static final String MCHID_RULE = "must be 1 to 16 characters of A-Z, a-z, 0-9";
    /** QFPay's limit of notify_url (reference §3.2, WAP page). */
    static final int MAX_NOTIFY_URL_LENGTH = 255;
    /** A prefix longer than the longest return_url QFPay takes could never match. */
    static final int MAX_PREFIX_LENGTH = 512;

    @UriParam(label = "security", description = "The app code issued by QFPay, sent as header X-QF-APPCODE.")
    @Metadata(required = true)
    private String appCode;

    @UriParam(label = "security", secret = true,
              description = "The client key issued by QFPay. It signs requests and verifies notifications and is "
                            + "never sent, logged or put in a message. Required unless clientKeyFile is set; set "
                            + "one of the two, not both.")
    private String clientKey;

    @UriParam(label = "security",
              description = "A file holding the client key, as an alternative to clientKey: read as UTF-8 at start "
                            + "(component start and endpoint creation), with surrounding whitespace and newlines "
                            + "trimmed. Used when clientKey is not set; setting both is an error. This file, or the "
                            + "environment variable CAMEL_COMPONENT_PAYME_CLIENT_KEY, keeps the key out of "
                            + "application.properties. A missing, unreadable or empty file stops the start; the "
                            + "error names the path, never the content.")
    private String clientKeyFile;

    /** The key read from {@link #clientKeyFile} by {@link #resolveClientKeyFile()}; never an option, never logged. */
    private String clientKeyFromFile;

    @UriParam(description = "The merchant id (mchid) assigned by QFPay, if any. Sent as field mchid if and only if "
                            + "configured here or given in the request (a request's own mchid only if "
                            + "allowedMchids lists it).")
    private String mchid;

    @UriParam(label = "security",
              description = "The mchids an order may choose, comma-separated (for an agent serving several "
                            + "sub-merchants). A mchid given in a payment, query or refund request is refused unless "
                            + "it is listed here; empty (the default) refuses every mchid from a request. A request "
                            + "without mchid still gets the mchid option, whatever this list says.")
    private String allowedMchids;

    @UriParam(label = "security",
              description = "The prefixes a payment's return_url must start with, comma-separated absolute http or "
                            + "https URLs (no user info, query or fragment), e.g. https://shop.example.com/paid/. A "
                            + "return_url is compared by scheme, host and port exactly, then by path: it must lie "
                            + "under the prefix's path at a segment boundary, after dot segments are resolved. "
                            + "Empty (the default) refuses every return_url.")
    private String allowedReturnUrlPrefixes;

    @UriParam(description = "The URL QFPay posts this merchant's notifications to, sent as field notify_url of every "
                            + "payment if and only if set: an absolute http or https URL of at most 255 characters. "
                            + "Unset (the default), QFPay uses the URL registered for the app code. A notify_url in "
                            + "an order is always refused.")
    private String notifyUrl;

    @UriParam(defaultValue = "MD5", enums = "MD5,SHA256",
              description = "The hash used to sign requests. SHA256 also sends header X-QF-SIGNTYPE: SHA256.")
    private SignType signType = SignType.MD5;

    @UriParam(defaultValue = "805814", enums = "805814,805812",
              description = "Default pay_type of payments: 805814 PayMe web (QR code on a desktop page) or 805812 "
                            + "PayMe WAP (mobile browser).")
    private String payType = "805814";

    @UriParam(defaultValue = "HKD", enums = "HKD,CNY,USD,EUR,SGD,MYR,THB,JPY,IDR,MMK,AED,CAD,AUD",
              description = "Default txcurrcd of payments. PayMe charges in HKD.")
    private String currency = "HKD";

    @UriParam(label = "advanced", defaultValue = "1h", javaType = "java.time.Duration",
              description = "How far before the order's txdtm a query by out_trade_no searches. A part in the "
                            + "previous calendar month is handed out in the header CamelPaymeQuerySecondWindow, for "
                            + "a second call.")
    private long queryWindowBefore = 3_600_000L;

    @UriParam(label = "advanced", defaultValue = "24h", javaType = "java.time.Duration",
              description = "How far after the order's txdtm a query by out_trade_no searches. A part in the "
                            + "next calendar month is handed out in the header CamelPaymeQuerySecondWindow, for a "
                            + "second call.")
    private long queryWindowAfter = 86_400_000L;

    @UriParam(label = "advanced",
              description = "The clock for txdtm, query windows and out_trade_no (default: the system clock). "
                            + "Times are always rendered in Hong Kong time, whatever the clock's zone.")
    private Clock clock;

    /**
     * Checks the options. With {@code complete} false only the options that are set are checked (component level,
     * where endpoints may still supply the credentials).
     *
     * @throws IllegalArgumentException naming the option; option values are never echoed
     */
    public void validate(boolean complete) {
        if (complete && isBlank(appCode)) {
            throw new IllegalArgumentException(required("appCode", "app-code"));
        }
        if (appCode != null && (appCode.isBlank() || PaymeSigner.hasControlCharacter(appCode))) {
            throw new IllegalArgumentException(invalid("appCode", "app-code", "must not be blank or contain control characters"));
        }
        if (hasClientKeyFile()) {
            if (!isBlank(clientKey)) {
                throw new IllegalArgumentException(BOTH_KEYS);
            }
            if (clientKeyFromFile == null) {
                resolveClientKeyFile();
            }
        } else {
            if (complete && isBlank(clientKey)) {
                throw new IllegalArgumentException(required("clientKey", "client-key"));
            }
            if (clientKey != null && clientKey.isBlank()) {
                throw new IllegalArgumentException(invalid("clientKey", "client-key", "must not be blank"));
            }
        }
        if (mchid != null && !MCHID.matcher(mchid).matches()) {
            throw new IllegalArgumentException(invalid("mchid", "mchid", MCHID_RULE));
        }
        validateMerchantFields();
        if (signType == null) {
            throw new IllegalArgumentException(invalid("signType", "sign-type", "must be one of MD5, SHA256"));
        }
        if (!PAY_TYPES.contains(payType)) {
            throw new IllegalArgumentException(invalid("payType", "pay-type", "must be one of " + String.join(", ", PAY_TYPES)));
        }
        if (!CURRENCIES.contains(currency)) {
            throw new IllegalArgumentException(invalid("currency", "currency", CURRENCY_RULE));
        }
        if (queryWindowBefore < 0) {
            throw new IllegalArgumentException(invalid("queryWindowBefore", "query-window-before", "must not be negative"));
        }
        if (queryWindowAfter < 0) {
            throw new IllegalArgumentException(invalid("queryWindowAfter", "query-window-after", "must not be negative"));
        }
    }

    private void validateMerchantFields() {
        List<String> mchids = split(allowedMchids);
        for (int i = 0; i < mchids.size(); i++) {
            if (!MCHID.matcher(mchids.get(i)).matches()) {
                throw new IllegalArgumentException(invalid("allowedMchids", "allowed-mchids", "entry " + (i + 1)
                        + " " + MCHID_RULE + " (a comma-separated list of mchids)"));
            }
        }
        List<String> prefixes = split(allowedReturnUrlPrefixes);
        for (int i = 0; i < prefixes.size(); i++) {
            if (prefixes.get(i).length() > MAX_PREFIX_LENGTH || ReturnUrlPrefix.parse(prefixes.get(i)) == null) {
                throw new IllegalArgumentException(invalid("allowedReturnUrlPrefixes", "allowed-return-url-prefixes",
                        "entry " + (i + 1) + " must be an absolute http or https URL of at most " + MAX_PREFIX_LENGTH
                        + " characters without user info, query or fragment (a comma-separated list)"));
            }
        }
        URI notify = notifyUrl == null ? null : ReturnUrlPrefix.httpUrl(notifyUrl);
        if (notifyUrl != null && (notifyUrl.length() > MAX_NOTIFY_URL_LENGTH || notify == null
                || notify.getRawFragment() != null)) {
            throw new IllegalArgumentException(invalid("notifyUrl", "notify-url", "must be an absolute http or https "
                    + "URL of at most " + MAX_NOTIFY_URL_LENGTH + " characters without user info or fragment"));
        }
    }

    /** The entries of a comma-separated option, trimmed; an empty entry is kept, so validation refuses it. */
    static List<String> split(String list) {
        List<String> entries = new ArrayList<>();
        if (list != null) {
            for (String entry : list.split(",", -1)) {
                entries.add(entry.strip());
            }
        }
        return entries;
    }

    /** The mchids a request may give, from {@link #getAllowedMchids() allowedMchids}. */
    List<String> allowedMchidList() {
        return split(allowedMchids);
    }

    /** The parsed {@link #getAllowedReturnUrlPrefixes() allowedReturnUrlPrefixes} ({@link #validate} refuses bad ones). */
    List<ReturnUrlPrefix> returnUrlPrefixList() {
        return split(allowedReturnUrlPrefixes).stream().map(ReturnUrlPrefix::parse).filter(Objects::nonNull).toList();
    }

    static final String BOTH_KEYS = "PayMe options clientKey (camel.component.payme.client-key) and clientKeyFile "
                                    + "(camel.component.payme.client-key-file) are both set: set only one of them";
    /** A client key is a short line of text; anything larger is not a key file. */
    static final int MAX_KEY_FILE_BYTES = 4096;

    /**
     * Reads the client key from {@link #getClientKeyFile() clientKeyFile}, if that option is set: UTF-8, surrounding
     * whitespace (and a byte order mark) removed. Called at component start and endpoint creation.
     *
     * @throws IllegalArgumentException naming the option and the path (never the content) if both clientKey and
     *                                  clientKeyFile are set, or the file is missing, unreadable, empty, larger than
     *                                  {@value #MAX_KEY_FILE_BYTES} bytes, not UTF-8 or more than one line
     */
    public void resolveClientKeyFile() {
        clientKeyFromFile = null;
        if (!hasClientKeyFile()) {
            return;
        }
        if (!isBlank(clientKey)) {
            throw new IllegalArgumentException(BOTH_KEYS);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(clientKeyFile))) {
            bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
        } catch (IOException | InvalidPathException | SecurityException e) {
            // the exception's own message is the path at most; it is left out to keep one clear line
            throw new IllegalArgumentException(keyFile("cannot read file " + clientKeyFile + " ("
                                                       + e.getClass().getSimpleName() + ")"));
        }
        if (bytes.length > MAX_KEY_FILE_BYTES) {
            throw new IllegalArgumentException(keyFile("file " + clientKeyFile + " is larger than "
                                                       + MAX_KEY_FILE_BYTES + " bytes: it must hold only the client key"));
        }
        String text;
        try {
            text = RequestInput.decodeStrictUtf8(bytes);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(keyFile("file " + clientKeyFile + " is not valid UTF-8"));
        }
        String key = RequestInput.withoutBom(text).strip();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(keyFile("file " + clientKeyFile + " is empty"));
        }
        if (PaymeSigner.hasControlCharacter(key)) {
            throw new IllegalArgumentException(keyFile("file " + clientKeyFile
                                                       + " must hold only the client key, on one line"));
        }
        clientKeyFromFile = key;
    }

    private static String keyFile(String problem) {
        return "PayMe option clientKeyFile (camel.component.payme.client-key-file): " + problem;
    }

    /** Whether the key comes from a file; a blank clientKeyFile counts as not set, as a blank clientKey does. */
    boolean hasClientKeyFile() {
        return !isBlank(clientKeyFile);
    }

    /** The key to sign and verify with: {@link #getClientKey() clientKey}, else the one read from the key file. */
    String effectiveClientKey() {
        return hasClientKeyFile() && isBlank(clientKey) ? clientKeyFromFile : clientKey;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String required(String option, String property) {
        return "PayMe option " + option + " (camel.component.payme." + property + ") is required";
    }

    private static String invalid(String option, String property, String rule) {
        return "PayMe option " + option + " (camel.component.payme." + property + ") " + rule;
    }

    /** A copy that can be changed without affecting this one. */
    public PaymeConfiguration copy() {
        try {
            return (PaymeConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The configured clock, or the system clock. */
    public Clock clockOrSystem() {
        return clock != null ? clock : Clock.systemUTC();
    }

    public String getAppCode() {
        return appCode;
    }

    public void setAppCode(String appCode) {
        this.appCode = appCode;
    }

    public String getClientKey() {
        return clientKey;
    }

    /**
     * A blank value leaves the key as it was: configuration files and environment variables can only say "empty",
     * and an application may have handed the key over by code (never as a printable Camel property) before.
     */
    public void setClientKey(String clientKey) {
        if (!isBlank(clientKey)) {
            this.clientKey = clientKey;
        }
    }

    /** Forgets the key, for an endpoint whose own key file replaces the component's key. */
    void clearClientKey() {
        this.clientKey = null;
    }

    public String getClientKeyFile() {
        return clientKeyFile;
    }

    public void setClientKeyFile(String clientKeyFile) {
        this.clientKeyFile = clientKeyFile;
        this.clientKeyFromFile = null;
    }

    public String getMchid() {
        return mchid;
    }

    /** A blank value counts as not assigned: configuration files and environment variables can only say "empty". */
    public void setMchid(String mchid) {
        this.mchid = mchid == null || mchid.isBlank() ? null : mchid;
    }

    public String getAllowedMchids() {
        return allowedMchids;
    }

    /** A blank value counts as an empty list: configuration files and environment variables can only say "empty". */
    public void setAllowedMchids(String allowedMchids) {
        this.allowedMchids = isBlank(allowedMchids) ? null : allowedMchids;
    }

    public String getAllowedReturnUrlPrefixes() {
        return allowedReturnUrlPrefixes;
    }

    /** A blank value counts as an empty list. */
    public void setAllowedReturnUrlPrefixes(String allowedReturnUrlPrefixes) {
        this.allowedReturnUrlPrefixes = isBlank(allowedReturnUrlPrefixes) ? null : allowedReturnUrlPrefixes;
    }

    public String getNotifyUrl() {
        return notifyUrl;
    }

    /** A blank value counts as not set. */
    public void setNotifyUrl(String notifyUrl) {
        this.notifyUrl = isBlank(notifyUrl) ? null : notifyUrl.strip();
    }

    public SignType getSignType() {
        return signType;
    }

    public void setSignType(SignType signType) {
        this.signType = signType;
    }

    public String getPayType() {
        return payType;
    }

    public void setPayType(String payType) {
        this.payType = payType;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public long getQueryWindowBefore() {
        return queryWindowBefore;
    }

    public void setQueryWindowBefore(long queryWindowBefore) {
        this.queryWindowBefore = queryWindowBefore;
    }

    public long getQueryWindowAfter() {
        return queryWindowAfter;
    }

    public void setQueryWindowAfter(long queryWindowAfter) {
        this.queryWindowAfter = queryWindowAfter;
    }

    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String toString() {
        return "PaymeConfiguration[appCode=" + appCode + ", clientKey=" + (clientKey == null ? "null" : "xxxxxx")
               + ", clientKeyFile=" + clientKeyFile + ", mchid=" + mchid + ", allowedMchids=" + allowedMchids
               + ", allowedReturnUrlPrefixes=" + allowedReturnUrlPrefixes + ", notifyUrl=" + notifyUrl
               + ", signType=" + signType + ", payType=" + payType + ", currency=" + currency
               + ", queryWindowBefore=" + queryWindowBefore + "ms, queryWindowAfter=" + queryWindowAfter + "ms, clock="
               + clock + "]";
    }
}
