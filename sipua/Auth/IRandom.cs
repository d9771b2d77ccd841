namespace NanoPhone.Sip.Auth;

/// <summary>A source of random 32-bit values (the board's hardware RNG; a fixed sequence in tests).</summary>
public interface IRandom
{
    uint Next();
}
