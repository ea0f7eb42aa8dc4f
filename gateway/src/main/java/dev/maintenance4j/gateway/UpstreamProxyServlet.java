package dev.maintenance4j.gateway;

import dev.maintenance4j.buffer.request.BufferedRoute;
import dev.maintenance4j.buffer.request.RequestBuffer;
import dev.maintenance4j.http.BufferedWrite;
import dev.maintenance4j.http.ClientAddressResolver;
import dev.maintenance4j.http.MaintenanceResponse;
import dev.maintenance4j.servlet.ServletHeaders;
import dev.maintenance4j.servlet.ServletResponses;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's asynchronous transparent proxy to the upstream (request and response bodies streamed, hop-by-hop
 * headers dropped, keep-alive to the upstream), with what a gateway in front of an application adds:
 *
 * <ul>
 *   <li>{@code Forwarded} and {@code X-Forwarded-For/-Proto/-Host}: a trusted proxy's are extended with this
 *       hop, anyone else's are replaced, so the upstream can believe them;
 *   <li>a short page (or JSON, by {@code Accept}) when the upstream cannot be reached ({@code 502}) or does
 *       not answer in time ({@code 504}), saying so in one line; the cause goes to the log, not the client;
 *   <li>WebSocket upgrades relayed to the upstream ({@link WebSocketTunnels});
 *   <li>on the routes buffered when the upstream is down: the body is read whole (up to the buffer's limit) and
 *       sent; when the upstream refuses the connection or answers {@code 502}/{@code 503}, the request goes
 *       into the write buffer instead ({@code 202} and a receipt) and is replayed when the upstream is back.
 *       A timeout is not buffered: the upstream may have applied the request.
 * </ul>
 */
final class UpstreamProxyServlet extends AsyncProxyServlet.Transparent {

    private static final Logger log = LoggerFactory.getLogger(UpstreamProxyServlet.class);

    private final URI upstream;
    private final ClientAddressResolver trustedProxies;
    private final @Nullable RequestBuffer requestBuffer;
    private final List<BufferedRoute> bufferWhenDown;
    private final int maxBufferedBody;
    private final WebSocketTunnels webSockets;

    UpstreamProxyServlet(
            URI upstream,
            ClientAddressResolver trustedProxies,
            @Nullable RequestBuffer requestBuffer,
            List<BufferedRoute> bufferWhenDown,
            int maxBufferedBody,
            WebSocketTunnels webSockets) {
        this.upstream = upstream;
        this.webSockets = webSockets;
        this.trustedProxies = trustedProxies;
        this.requestBuffer = requestBuffer;
        this.bufferWhenDown = List.copyOf(bufferWhenDown);
        this.maxBufferedBody = maxBufferedBody;
        if (!bufferWhenDown.isEmpty() && requestBuffer == null) {
            throw new IllegalArgumentException("routes buffered while the upstream is down need a request buffer");
        }
    }

    @Override
    public void init() throws ServletException {
        super.init();
        try {
            webSockets.start(ServletContextHandler.getServletContextHandler(getServletContext()));
        } catch (Exception e) {
            throw new ServletException("the gateway's WebSocket client could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy() {
        webSockets.stop();
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (WebSocketTunnels.isUpgrade(request)) {
            openTunnel(request, response);
            return;
        }
        if (requestBuffer != null && !bufferWhenDown.isEmpty()) {
            String path = path(request);
            for (BufferedRoute route : bufferWhenDown) {
                if (route.matches(request.getMethod(), path)) {
                    sendOrBuffer(request, response, path, requestBuffer);
                    return;
                }
            }
        }
        super.service(request, response);
    }

    /** A WebSocket upgrade: the same target, end-to-end headers and forwarded headers as any proxied request. */
    private void openTunnel(HttpServletRequest request, HttpServletResponse response) throws IOException {
        URI target = URI.create(rewriteTarget(request).replaceFirst("^http", "ws"));
        Set<String> connectionHeaders = findConnectionHeaders(request);
        HttpFields.Mutable headers = HttpFields.build();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_HEADERS.contains(lower)
                    || connectionHeaders.contains(lower)
                    || lower.equals("host")
                    || lower.startsWith("sec-websocket-")) {
                continue; // the WebSocket client makes its own handshake
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(name, value);
            }
        }
        forwardedHeaders(request).accept(headers);
        Refusal refusal = webSockets.open(request, target, headers);
        if (refusal != null) {
            write(request, response, refusal);
        }
    }

    /** The hop-by-hop headers Jetty's proxy drops, which the event-loop lane drops too. */
    static Set<String> hopByHopHeaders() {
        return HOP_HEADERS;
    }

    private static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        return request.getServletPath() + (info == null ? "" : info);
    }

    /** A buffered route's request: sent whole, and into the write buffer when the upstream is down. */
    private void sendOrBuffer(
            HttpServletRequest request, HttpServletResponse response, String path, RequestBuffer buffer)
            throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBufferedBody + 1);
        }
        if (body.length > maxBufferedBody) {
            write(
                    request,
                    response,
                    new Refusal(
                            413,
                            "Content Too Large",
                            "The body is over the " + maxBufferedBody + "-byte limit of this route."));
            return;
        }
        Request proxyRequest = newProxyRequest(request, rewriteTarget(request));
        copyRequestHeaders(request, proxyRequest);
        addProxyHeaders(request, proxyRequest);
        proxyRequest.body(new BytesRequestContent(body)).timeout(getTimeout(), TimeUnit.MILLISECONDS);
        ContentResponse answer = null;
        String down;
        try {
            answer = proxyRequest.send();
            down = answer.getStatus() == 502 || answer.getStatus() == 503 ? "it answered " + answer.getStatus() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(request, response, Refusal.BAD_GATEWAY);
            return;
        } catch (TimeoutException e) {
            log.warn(
                    "Upstream {} did not answer {} {} in time; not buffered (it may have applied it)",
                    upstream,
                    request.getMethod(),
                    path);
            write(request, response, Refusal.GATEWAY_TIMEOUT);
            return;
        } catch (ExecutionException e) {
            down = e.getCause() == null ? e.toString() : e.getCause().toString();
        }
        if (down == null && answer != null) {
            copyAnswer(request, answer, response);
            return;
        }
        log.warn(
                "Upstream {} is down for {} {} ({}): the request goes into the write buffer",
                upstream,
                request.getMethod(),
                path,
                down);
        MaintenanceResponse accepted = buffer.accept(new BufferedWrite(
                request.getMethod(),
                path,
                request.getQueryString(),
                ServletHeaders.of(request),
                request.getRemoteUser(),
                body.length,
                body));
        if (accepted != null) {
            ServletResponses.write(request, response, accepted);
        } else {
            write(
                    request,
                    response,
                    new Refusal(
                            503,
                            "Service Unavailable",
                            "The application is down and this request could not be kept for later. Try again in a moment."));
        }
    }

    /** The upstream's answer, its headers copied as for any proxied response (hop-by-hop ones dropped). */
    private void copyAnswer(HttpServletRequest request, ContentResponse answer, HttpServletResponse response)
            throws IOException {
        response.setStatus(answer.getStatus());
        onServerResponseHeaders(request, response, answer);
        byte[] content = answer.getContent();
        response.setContentLength(content.length);
        response.getOutputStream().write(content);
    }

    @Override
    protected void addForwardedHeader(HttpServletRequest clientRequest, Request proxyRequest) {
        proxyRequest.headers(forwardedHeaders(clientRequest));
    }

    /** What this hop adds to a request's forwarded headers ({@link ForwardedHop}). */
    private Consumer<HttpFields.Mutable> forwardedHeaders(HttpServletRequest clientRequest) {
        ForwardedHop hop = ForwardedHop.of(
                trustedProxies,
                clientRequest.getRemoteAddr(),
                clientRequest.isSecure(),
                clientRequest.getHeader("Host"),
                name -> joined(clientRequest, name));
        return headers -> hop.applyTo(headers::remove, headers::put);
    }

    /** A header's values joined by commas, or null when absent. */
    private static @Nullable String joined(HttpServletRequest request, String name) {
        var values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        StringBuilder joined = new StringBuilder(values.nextElement());
        while (values.hasMoreElements()) {
            joined.append(", ").append(values.nextElement());
        }
        return joined.toString();
    }

    @Override
    protected void addViaHeader(HttpServletRequest clientRequest, Request proxyRequest) {
        // no Via: the upstream learns the hop from Forwarded, and the gateway does not announce itself
    }

    @Override
    protected void onProxyResponseFailure(
            HttpServletRequest clientRequest,
            HttpServletResponse proxyResponse,
            Response serverResponse,
            Throwable failure) {
        log.warn(
                "Upstream {} failed for {} {}: {}",
                upstream,
                clientRequest.getMethod(),
                clientRequest.getRequestURI(),
                failure.toString());
        super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
    }

    @Override
    protected void onClientRequestFailure(
            HttpServletRequest clientRequest,
            Request proxyRequest,
            HttpServletResponse proxyResponse,
            Throwable failure) {
        log.debug(
                "Client request {} {} failed: {}",
                clientRequest.getMethod(),
                clientRequest.getRequestURI(),
                failure.toString());
        super.onClientRequestFailure(clientRequest, proxyRequest, proxyResponse, failure);
    }

    @Override
    protected int proxyResponseStatus(Throwable failure) {
        return failure instanceof TimeoutException ? 504 : 502;
    }

    @Override
    protected void sendProxyResponseError(
            HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
        try {
            if (!proxyResponse.isCommitted()) {
                proxyResponse.resetBuffer();
                proxyResponse.setHeader(HttpHeader.CONNECTION.asString(), "close");
                write(clientRequest, proxyResponse, status == 504 ? Refusal.GATEWAY_TIMEOUT : Refusal.BAD_GATEWAY);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not send the {} page: {}", status, e.toString());
        } finally {
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
        }
    }

    private static void write(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Refusal refusal)
            throws IOException {
        ServletResponses.write(clientRequest, proxyResponse, refusal.response(clientRequest.getHeader("Accept")));
    }
}
