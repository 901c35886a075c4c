package dev.camelpayme.app.boot;

import dev.camelpayme.sandbox.QfpaySandbox;
import org.apache.camel.support.service.ServiceSupport;

/** Runs the embedded QFPay sandbox for as long as the Camel context runs. */
public class SandboxService extends ServiceSupport {

    private final QfpaySandbox sandbox;

    public SandboxService(QfpaySandbox sandbox) {
        this.sandbox = sandbox;
    }

    public QfpaySandbox sandbox() {
        return sandbox;
    }

    @Override
    protected void doStart() throws Exception {
        sandbox.start();
    }

    @Override
    protected void doStop() throws Exception {
        sandbox.stop();
    }
}
