namespace NanoPhone.App.Audio;

/// <summary>A key the far end of the call sent (RFC 4733 telephone-event).</summary>
public delegate void RemoteDigitHandler(char digit);
