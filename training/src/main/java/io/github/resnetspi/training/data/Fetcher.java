package io.github.resnetspi.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Copies a URL's content to a file; a seam so that tests and offline machines need no network. */
@FunctionalInterface
public interface Fetcher {

    /** Writes the body of {@code url} to {@code target}; throws when the network or the server fails. */
    void fetch(URI url, Path target) throws IOException;

    /** Plain HTTP(S) with redirects and a short connect timeout, so that an offline machine fails fast. */
    static Fetcher http() {
        return (url, target) -> {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(15)).build();
            HttpRequest req = HttpRequest.newBuilder(url).GET().build();
            try {
                HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = resp.body()) {
                    if (resp.statusCode() != 200) {
                        throw new IOException("HTTP " + resp.statusCode() + " from " + url);
                    }
                    Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("download of " + url + " interrupted", e);
            }
        };
    }

    /** A fetcher that always fails: for runs that must not touch the network. */
    static Fetcher offline() {
        return (url, target) -> {
            throw new IOException("downloads are disabled");
        };
    }
}
