package dev.camelpayme.component;

import org.apache.camel.Exchange;

/** What one {@code payme:} operation does to an exchange. */
interface OperationHandler {

    void handle(Exchange exchange) throws Exception;
}
