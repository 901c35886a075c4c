package dev.camelpayme.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as an attacker writes it: any bytes on a plain socket (any method, header, framing), and the answer read
 * until the server closes the connection.
 */
final class RawHttp {

    private static final int READ_TIMEOUT_MS = 10_000;

    private RawHttp() {
    }

    /** The answer: status (0: none), header names in lower case with their values, body, whether the server closed. */
    record Answer(int status, Map<String, List<String>> headers, String body, boolean closedByServer) {
    }

    /** A request of {@code method} to {@code target} with the given header lines, then {@code body}. */
    static byte[] request(String method, String target, List<String> headerLines, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    /** Sends {@code bytes} to localhost:{@code port} and reads until the server closes (or 10 s pass). */
    static Answer send(int port, byte[] bytes) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (IOException refusedWhileSending) {
                // the server may answer and close before it has read everything: its answer is still to be read
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one answer and then to the end of the stream. */
    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean closed;
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
            closed = true;
        } catch (SocketTimeoutException stillOpen) {
            closed = false;
        }
        return parse(received.toString(StandardCharsets.ISO_8859_1), closed);
    }

    /** An answer of status 0 is none: the server closed (or kept silent) without answering. */
    private static Answer parse(String text, boolean closed) {
        if (text.isEmpty()) {
            return new Answer(0, Map.of(), "", closed);
        }
        // an interim 100 Continue precedes the answer
        while (text.startsWith("HTTP/1.1 1")) {
            text = text.substring(text.indexOf("\r\n\r\n") + 4);
        }
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete HTTP answer, received: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if (List.of("chunked").equals(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        List<String> length = headers.get("content-length");
        if (length != null && Integer.parseInt(length.get(0)) <= body.length()) {
            body = body.substring(0, Integer.parseInt(length.get(0)));
        }
        return new Answer(status, headers, body, closed);
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
