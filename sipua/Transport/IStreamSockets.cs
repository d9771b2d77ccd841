namespace NanoPhone.Sip.Transport;

/// <summary>
/// The platform's TCP and TLS connections, as the pure core asks for them (<see cref="SipFlows"/>):
/// open, write, close, each returning at once. Connecting and the TLS handshake (the server's
/// certificate checked against the configured CA and matched to serverName, SNI set) happen off the
/// loop thread, bounded in time; their outcome, the bytes that arrive and the end of a connection
/// come back through <see cref="IStreamEvents"/> on the loop thread, when the loop polls. Nothing is
/// ever sent in clear when TLS was asked for: a handshake that fails closes the connection.
/// </summary>
public interface IStreamSockets
{
    /// <summary>
    /// Starts a connection to remote (TCP, or TLS when remote.Protocol is Tls, checking the
    /// certificate against serverName: a host name or an IP address). Returns its handle (&gt; 0),
    /// or 0 when none can be opened now (too many connections).
    /// </summary>
    int Open(Endpoint remote, string serverName);

    /// <summary>Writes bytes whole on an open connection. False when it failed (OnClosed follows).</summary>
    bool Write(int handle, byte[] buf, int off, int len);

    /// <summary>Closes a connection (no OnClosed follows for it).</summary>
    void Close(int handle);
}

/// <summary>What becomes of the connections <see cref="IStreamSockets"/> opened; called on the loop thread.</summary>
public interface IStreamEvents
{
    /// <summary>The connection is up (the TLS handshake done): local is this side's address and port.</summary>
    void OnOpened(int handle, Endpoint local);

    /// <summary>Bytes arrived (valid during the call only).</summary>
    void OnData(int handle, byte[] buf, int off, int len);

    /// <summary>The connection failed or ended; why is one line for people ("connection refused", "certificate ...").</summary>
    void OnClosed(int handle, string why);
}

/// <summary>What <see cref="SipFlows"/> tells the part of the agent that keeps the registration's flow.</summary>
public interface IFlowEvents
{
    /// <summary>A connection to remote is up; local is the phone's end (its Via and Contact on it).</summary>
    void OnFlowOpened(Endpoint remote, Endpoint local);

    /// <summary>A connection to remote failed or ended (why: for the event line).</summary>
    void OnFlowClosed(Endpoint remote, string why);
}
