package dev.maintenance4j.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads a server-sent event stream over real HTTP in the background, keeping every {@code data:} line. */
public final class EventStreamClient implements AutoCloseable {

    private final HttpResponse<InputStream> response;
    private final List<String> data = new CopyOnWriteArrayList<>();

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith("data: ")) {
                                data.add(line.substring(6));
                            }
                        }
                    } catch (IOException closed) {
                        // the test closed the stream
                    }
                },
                "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream with a bearer token. */
    public static EventStreamClient open(HttpClient http, String url, String token)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        return new EventStreamClient(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The {@code data:} payloads received so far. */
    public List<String> data() {
        return data;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
