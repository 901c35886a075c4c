package dev.camelpayme.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** STOMP 1.2 over a plain socket, as a non-Java program talks to the broker: one frame out, the answer frame back. */
final class StompClient implements AutoCloseable {

    /** A frame the broker sent: its command (CONNECTED, RECEIPT, ERROR) and the whole text; CLOSED at end of stream. */
    record Frame(String command, String text) {
    }

    private final Socket socket;
    private final InputStream in;
    private int receipts;

    StompClient(int port) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    /** CONNECT, with {@code login} and {@code passcode} unless null; the broker's answer. */
    Frame connect(String login, String passcode) throws IOException {
        return write("CONNECT\naccept-version:1.2\nhost:localhost\n"
                + (login == null ? "" : "login:" + login + "\npasscode:" + passcode + "\n") + "\n\0");
    }

    /** SEND to an anycast queue, asking for a receipt: RECEIPT if the broker took the message, else ERROR. */
    Frame send(String queue, String body) throws IOException {
        return write("SEND\ndestination:" + queue + "\ndestination-type:ANYCAST\ncontent-type:application/json\n"
                + "receipt:r" + (++receipts) + "\n\n" + body + "\0");
    }

    /** Writes raw frames (as a shell script would) and returns the broker's next frame. */
    Frame write(String frames) throws IOException {
        try {
            socket.getOutputStream().write(frames.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        } catch (IOException closedByTheBroker) {
            return new Frame("CLOSED", "");
        }
        return read();
    }

    private Frame read() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        try {
            while ((b = in.read()) != -1 && b != 0) {
                // heart-beats and the line feeds after a frame's NUL come before the next command
                if (frame.size() > 0 || (b != '\n' && b != '\r')) {
                    frame.write(b);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer from the broker within 10 s", e);
        } catch (IOException reset) {
            return new Frame("CLOSED", frame.toString(StandardCharsets.UTF_8));
        }
        String text = frame.toString(StandardCharsets.UTF_8);
        int endOfCommand = text.indexOf('\n');
        return text.isEmpty() ? new Frame("CLOSED", "")
                : new Frame(endOfCommand < 0 ? text : text.substring(0, endOfCommand), text);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
