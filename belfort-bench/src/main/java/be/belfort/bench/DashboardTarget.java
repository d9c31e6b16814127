package be.belfort.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The Belfort whose dashboard a bench drives: where it is, as which tenant (its city) and with which key, and the
 * bench tenant's dataset, which must be open for the dashboard to show it.
 *
 * @param tenant the city; {@code -} for the default tenant
 * @param apiKey null without one
 */
record DashboardTarget(HttpClient client, String url, String tenant, Workloads catalogue, String apiKey) {
    DashboardTarget {
        tenant = tenant == null || tenant.isBlank() ? "-" : tenant;
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    }

    /** Opens the bench tenant's car parks as a dataset, so that anonymous pages show them. */
    void openDataset() throws Exception {
        int status = client.send(catalogue.openDataset(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200 && status != 201) {
            throw new IllegalStateException("Opening the bench dataset answered " + status);
        }
    }

    /** The request with the tenant and key headers this target needs. */
    HttpRequest signed(HttpRequest.Builder request) {
        if (!tenant.equals("-")) {
            request.header("NGSILD-Tenant", tenant);
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return request.build();
    }
}
