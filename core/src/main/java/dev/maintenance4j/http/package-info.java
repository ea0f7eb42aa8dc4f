/**
 * What every HTTP adapter shares, free of any framework: who the client is (the socket peer, or the
 * forwarded address behind trusted proxies), the adapter options, the maintenance response (page or
 * JSON, redirect, bypass cookie) composed as bytes and headers, content negotiation, query strings,
 * and the limit on wrong secrets. An adapter (servlet filter, WebFlux filter, gateway) reads facts and
 * writes what these give it.
 */
@NullMarked
package dev.maintenance4j.http;

import org.jspecify.annotations.NullMarked;
