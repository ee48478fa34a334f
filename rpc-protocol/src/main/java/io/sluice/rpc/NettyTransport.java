package io.sluice.rpc;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The socket transport of the RPC client and server: Linux's native epoll where Netty's native
 * library loads (fewer system calls per call), Java NIO elsewhere or when the system property
 * {@value #PROPERTY} is {@code nio}. Both speak the same bytes. Immutable, thread-safe.
 */
public enum NettyTransport {
  EPOLL,
  NIO;

  /** {@code -Dsluice.rpc.transport=nio} turns the native transport off. */
  public static final String PROPERTY = "sluice.rpc.transport";

  /** The transport this JVM uses. */
  public static NettyTransport current() {
    return !"nio".equalsIgnoreCase(System.getProperty(PROPERTY)) && Epoll.isAvailable()
        ? EPOLL : NIO;
  }

  public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
    return this == EPOLL ? new EpollEventLoopGroup(threads, threadFactory)
        : new NioEventLoopGroup(threads, threadFactory);
  }

  public Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
