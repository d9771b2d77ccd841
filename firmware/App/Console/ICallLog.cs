namespace NanoPhone.App.Console;

/// <summary>The call log the console's <c>calls</c> command lists; the phone app implements it.</summary>
public interface ICallLog
{
    int Count { get; }

    /// <summary>One call as one line of text; index 0 is the most recent.</summary>
    string Entry(int index);
}
