namespace NanoPhone.App.Console;

/// <summary>
/// The messages line of <c>status</c>, for a status source that has one (the phone app): e.g.
/// "2 new, 1 old voicemail (1 urgent); 3 missed calls; subscription active (3600 s)".
/// </summary>
public interface IMessageStatus
{
    string Messages { get; }
}
