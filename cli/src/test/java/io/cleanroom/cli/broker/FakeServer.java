package io.cleanroom.cli.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process HTTP server standing in for a key broker or Keycloak: each "METHOD path" answers
 * with a canned or computed JSON body, and every request is recorded for the test to inspect.
 */
final class FakeServer implements AutoCloseable {

  /** A recorded request. */
  record Request(String method, String path, String authorization, String body) {}

  /** An answer: status and JSON body, possibly computed from the request. */
  interface Handler {
    Answer answer(Request request);
  }

  /** A status and a body. */
  record Answer(int status, String json) {}

  private final HttpServer server;
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code METHOD path} (path without the query) with {@code status} and {@code json}. */
  FakeServer on(String methodAndPath, int status, String json) {
    routes.put(methodAndPath, r -> new Answer(status, json));
    return this;
  }

  /** Answers {@code METHOD path} with what {@code handler} computes. */
  FakeServer on(String methodAndPath, Handler handler) {
    routes.put(methodAndPath, handler);
    return this;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Request r =
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().toString(),
              ex.getRequestHeaders().getFirst("Authorization"),
              new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      requests.add(r);
      Handler h = routes.get(r.method() + " " + ex.getRequestURI().getPath());
      Answer a = h == null ? new Answer(404, "{\"error\":\"NOT_FOUND\"}") : h.answer(r);
      byte[] body = a.json().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
