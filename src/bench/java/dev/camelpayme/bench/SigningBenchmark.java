package dev.camelpayme.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.camelpayme.component.PaymeComponent;
import dev.camelpayme.component.PaymeSigner;
import dev.camelpayme.component.SignType;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of preparing a QFPay request: the bare signer (MD5 and SHA-256) and the whole payme:payment operation
 * (parse the JSON order, validate, fill txdtm and out_trade_no, sign, form-encode). Run with
 * {@code mvn -B -Pbench verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SigningBenchmark {

    private static final String KEY = "TESTKEY0123456789ABCDEF0123456789";
    private static final String ORDER = "{\"order_id\":\"bench-1\",\"txamt\":1500,\"goods_name\":\"測試商品\","
            + "\"pay_type\":\"805812\",\"return_url\":\"https://shop.example.com/return?id=1&x=y\"}";

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private PaymeSigner md5;
    private PaymeSigner sha256;
    private CamelContext context;
    private ProducerTemplate template;

    @Setup(Level.Trial)
    public void setUp() {
        fields.put("txamt", "1500");
        fields.put("txcurrcd", "HKD");
        fields.put("pay_type", "805812");
        fields.put("out_trade_no", "ORDER20250101000002");
        fields.put("txdtm", "2025-01-01 12:00:00");
        fields.put("goods_name", "測試商品");
        fields.put("mchid", "ZaMVg12345");
        fields.put("expired_time", "10");
        md5 = new PaymeSigner(KEY, SignType.MD5);
        sha256 = new PaymeSigner(KEY, SignType.SHA256);

        context = new DefaultCamelContext();
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode("BENCH-APP");
        payme.getConfiguration().setClientKey(KEY);
        payme.getConfiguration().setAllowedReturnUrlPrefixes("https://shop.example.com/return");
        context.addComponent("payme", payme);
        context.start();
        template = context.createProducerTemplate();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.stop();
    }

    @Benchmark
    public String signMd5() {
        return md5.sign(fields);
    }

    @Benchmark
    public String signSha256() {
        return sha256.sign(fields);
    }

    @Benchmark
    public Object preparePaymentRequest() {
        return template.requestBody("payme:payment", ORDER);
    }
}
