namespace NanoPhone.App.Runtime;

/// <summary>
/// A datagram poller whose wait another thread can cut short. With one, <see cref="PhoneLoop"/>
/// may wait longer than <see cref="PhoneLoop.MaxWaitMs"/> when nothing is due (see
/// <see cref="PhoneLoop.WaitLimitMs"/>): <see cref="PhoneLoop.Post"/> wakes it.
/// </summary>
public interface IWakeablePoller
{
    /// <summary>
    /// Makes the current or the next Poll return soon (without a datagram for the receiver). Any
    /// thread; cheap enough to call once per posted work item, harmless when nobody waits.
    /// </summary>
    void Wake();
}
