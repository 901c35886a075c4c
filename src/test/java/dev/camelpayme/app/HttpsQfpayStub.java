package dev.camelpayme.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.apache.camel.util.FileUtil;

/**
 * A stand-in for QFPay's https host: a local TLS server with a self-signed certificate for localhost, made at test
 * time with the JDK's keytool. It answers /trade/v1/payment with 503 and /trade/v1/query with "no record", and keeps
 * every request it received, in order.
 */
final class HttpsQfpayStub implements AutoCloseable {

    /** One request as received: its path and its form fields. */
    record Received(String path, Map<String, String> form) {
    }

    private static final String PASSWORD = "stub-store-password";

    private final Path dir;
    private final HttpsServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** Makes the key pair and trust store under {@code dir} and starts serving on {@code port} (loopback). */
    HttpsQfpayStub(Path dir, int port) {
        this.dir = dir.toAbsolutePath();
        FileUtil.removeDir(this.dir.toFile());
        try {
            Files.createDirectories(this.dir);
            keytool("-genkeypair", "-alias", "qfpay", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keyStore().toString(), "-storepass", PASSWORD);
            keytool("-exportcert", "-alias", "qfpay", "-keystore", keyStore().toString(), "-storepass", PASSWORD,
                    "-file", this.dir.resolve("server.cer").toString());
            keytool("-importcert", "-noprompt", "-alias", "qfpay", "-file", this.dir.resolve("server.cer").toString(),
                    "-storetype", "PKCS12", "-keystore", trustStore().toString(), "-storepass", PASSWORD);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
            server.createContext("/", this::answer);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS12 trust store holding the server's certificate only. */
    Path trustStore() {
        return dir.resolve("trust.p12");
    }

    String trustStorePassword() {
        return PASSWORD;
    }

    String baseUrl() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private Path keyStore() {
        return dir.resolve("server.p12");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(path, form(body)));
        if (path.equals("/trade/v1/query")) {
            send(exchange, 200, "application/json", "{\"respcd\":\"0000\",\"resperr\":\"\",\"respmsg\":\"\",\"data\":[]}");
        } else {
            send(exchange, 503, "text/html", "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore())) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
