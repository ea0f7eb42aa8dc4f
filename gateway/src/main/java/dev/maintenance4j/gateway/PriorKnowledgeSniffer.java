package dev.maintenance4j.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Looks at the first bytes of a client connection: a client speaking HTTP/2 in cleartext with prior knowledge
 * opens with the connection preface, and such a connection is tunnelled to Jetty whole
 * ({@link FrontConnection#PRIOR_KNOWLEDGE}); any other first bytes go on to the HTTP/1.1 codec. Either way this
 * handler then leaves the pipeline, passing on what it read.
 */
final class PriorKnowledgeSniffer extends ByteToMessageDecoder {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int seen = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < seen; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (seen == PREFACE.length) {
            ctx.fireUserEventTriggered(FrontConnection.PRIOR_KNOWLEDGE);
            ctx.pipeline().remove(this);
        }
    }
}
