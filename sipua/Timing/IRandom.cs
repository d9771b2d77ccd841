namespace NanoPhone.Sip.Timing;

/// <summary>
/// The agent's one source of chance, injected like its clock: 32-bit values for tags, Call-IDs,
/// branches, cnonces and backoff jitter. <see cref="Randomness"/> on the phone (seeded per device
/// and boot), a fixed sequence in tests.
/// </summary>
public interface IRandom
{
    uint Next();
}
