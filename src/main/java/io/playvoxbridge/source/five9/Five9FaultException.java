package io.playvoxbridge.source.five9;

import io.playvoxbridge.http.VendorHttpException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A SOAP fault answered by the Five9 Configuration Web Services. Every Five9 fault carries at least a {@code message};
 * some carry more fields (api-facts 5 "Faults"; the fault list of F9-DOC, pages under
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/ as scraped in
 * github.com/Cloverhound/five9-cli {@code docs/scrape}, e.g.
 * {@code OperationsLimitExceededFault{limit, operationType}}, {@code ReportNotFoundFault{folder, reportName}},
 * {@code InvalidDateRangeFault{start, end}}).
 *
 * <p>A {@link VendorHttpException} (vendor {@code five9}, the HTTP status of the answer, normally 500), so the
 * retrying route configuration treats it like other vendor errors; {@link #isRetryable()} is decided by the fault:
 * retryable are the limit and concurrency refusals ({@code OperationsLimitExceededFault},
 * {@code ConcurrentModificationFault}, {@code SessionClosedFault}), a result asked for too early
 * ({@code ResultIsNotReadyFault}) and server trouble ({@code ServerFault}, {@code ServiceUnavailableFault}); every
 * other fault (a report that does not exist, a bad range, a missing argument, no API access, an unknown identifier, a
 * client fault) is not: retrying cannot change its answer.
 */
public class Five9FaultException extends VendorHttpException {

    /** Faults that a later identical request may not get. */
    public static final Set<String> RETRYABLE = Set.of("OperationsLimitExceededFault", "ConcurrentModificationFault",
            "SessionClosedFault", "ResultIsNotReadyFault", "ServerFault", "ServiceUnavailableFault");

    private final String faultCode;
    private final String faultString;
    private final String faultName;
    private final Map<String, String> details;

    /**
     * @param status      HTTP status of the answer (500 for SOAP 1.1 faults)
     * @param faultCode   {@code faultcode}, e.g. {@code env:Server}
     * @param faultString {@code faultstring}, Five9's text
     * @param faultName   the element in {@code detail}, e.g. {@code ReportNotFoundFault}; the faultcode's local part
     *                    when there is no detail
     * @param details     the fault's fields by name ({@code message}, {@code limit}...), possibly empty
     */
    public Five9FaultException(int status, String faultCode, String faultString, String faultName,
                               Map<String, String> details) {
        super("five9", status, faultName + ": " + faultString, null);
        this.faultCode = Objects.requireNonNullElse(faultCode, "");
        this.faultString = Objects.requireNonNullElse(faultString, "");
        this.faultName = Objects.requireNonNullElse(faultName, "");
        this.details = Map.copyOf(details);
    }

    /** @return {@code faultcode}, e.g. {@code env:Server} */
    public String faultCode() {
        return faultCode;
    }

    /** @return {@code faultstring} */
    public String faultString() {
        return faultString;
    }

    /** @return the fault's name, e.g. {@code OperationsLimitExceededFault} */
    public String faultName() {
        return faultName;
    }

    /** @return the fault's fields by name, e.g. {@code message}, {@code limit}, {@code operationType} */
    public Map<String, String> details() {
        return details;
    }

    /** @return whether Five9 refused the call for one of its call limits ({@code OperationsLimitExceededFault}) */
    public boolean isLimitExceeded() {
        return faultName.equals("OperationsLimitExceededFault");
    }

    /** @return whether Five9 refused the call because another request of the same user was running */
    public boolean isConcurrentRequest() {
        return faultName.equals("ConcurrentModificationFault") || faultName.equals("SessionClosedFault");
    }

    @Override
    public boolean isRetryable() {
        return RETRYABLE.contains(faultName);
    }

    @Override
    public String getMessage() {
        return "Five9 SOAP fault " + faultName + " (HTTP " + getStatus() + "): " + faultString;
    }
}
