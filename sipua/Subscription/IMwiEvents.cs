namespace NanoPhone.Sip.Subscription;

/// <summary>
/// What the message-waiting part tells the application. An agent's events object that also
/// implements this interface hears it; others do not (message waiting is optional).
/// </summary>
public interface IMwiEvents
{
    /// <summary>
    /// A NOTIFY carried a message summary (in our subscription, or unsolicited from the registrar).
    /// summary is reused for the next NOTIFY: copy what is kept.
    /// </summary>
    void OnMessageSummary(MessageSummary summary, bool unsolicited);

    /// <summary>The subscription changed state; expires is the time granted (Active), detail says why (failures).</summary>
    void OnMwiSubscription(MwiState state, int expires, string detail);
}
