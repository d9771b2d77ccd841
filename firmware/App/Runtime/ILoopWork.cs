namespace NanoPhone.App.Runtime;

/// <summary>Something another thread (console, keypad, network watcher) wants done on the loop thread.</summary>
public interface ILoopWork
{
    void Run();
}
