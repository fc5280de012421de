using System.Net;
using System.Net.Sockets;

namespace InterviewBooking.Smtp.Tests;

/// <summary>Loopback endpoints that misbehave on purpose.</summary>
internal static class Loopback
{
    /// <summary>A port on 127.0.0.1 nothing listens on: connecting is refused at once.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>
/// A proxy on 127.0.0.1 in front of a real SMTP server that hangs up on its first <c>dropFirst</c> connections without a word
/// (as a server restarting would), then relays the rest. Deterministic: it counts connections, it does not wait for anything.
/// </summary>
internal sealed class DroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private int _toDrop;

    public DroppingProxy(string targetHost, int targetPort, int dropFirst)
    {
        (_targetHost, _targetPort, _toDrop) = (targetHost, targetPort, dropFirst);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections { get; private set; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Connections++;
                if (_toDrop-- > 0)
                {
                    client.Client.Close(0);
                    client.Dispose();
                    continue;
                }

                _ = RelayAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            try
            {
                await Task.WhenAny(up, down);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
