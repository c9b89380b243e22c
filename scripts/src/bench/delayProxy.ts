import net from "node:net";

/**
 * A TCP proxy that delays every chunk by half of `roundTripMs` each way: a unit
 * in another country, on a machine whose kernel has no netem. Equal delays keep
 * the chunks in order. Returns its port and a way to close it.
 */
export async function startDelayProxy(
  targetPort: number,
  roundTripMs: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const oneWay = roundTripMs / 2;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (chunk) => setTimeout(() => upstream.write(chunk), oneWay));
    upstream.on("data", (chunk) => setTimeout(() => client.write(chunk), oneWay));
    client.on("end", () => setTimeout(() => upstream.end(), oneWay));
    upstream.on("end", () => setTimeout(() => client.end(), oneWay));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
