package dev.camelpayme.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;

/**
 * The SASL PLAIN login of an AMQP 1.0 client, with proton-j (the AMQP engine Artemis's own AMQP support uses), over
 * a plain socket: only as far as the broker's verdict, which is all an authentication test needs.
 */
final class AmqpLogin {

    private AmqpLogin() {
    }

    /** The broker's SASL outcome for this login: PN_SASL_OK when it let the client in. */
    static Sasl.SaslOutcome attempt(int port, String username, String password) throws IOException {
        Transport transport = Proton.transport();
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.plain(username, password);
        transport.bind(Proton.connection());
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (sasl.getOutcome() == Sasl.PN_SASL_NONE) {
                int pending = transport.pending();
                if (pending > 0) {
                    byte[] frames = new byte[pending];
                    transport.head().get(frames);
                    out.write(frames);
                    out.flush();
                    transport.pop(pending);
                    continue;
                }
                int read = in.read(buffer, 0, Math.max(1, Math.min(buffer.length, transport.capacity())));
                if (read < 0) {
                    break;
                }
                transport.tail().put(buffer, 0, read);
                transport.process();
            }
        }
        return sasl.getOutcome();
    }
}
