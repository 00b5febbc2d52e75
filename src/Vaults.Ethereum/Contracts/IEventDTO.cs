using Vaults.Ethereum.Abi;

namespace Vaults.Ethereum.Contracts;

/// <summary>A decoded event; generated classes fill their properties from a log's topics and data.</summary>
public interface IEventDTO
{
    /// <summary>The event's ABI (topic0, inputs).</summary>
    AbiEvent GetEventAbi();

    /// <summary>Sets the properties from the decoded inputs, in declaration order.</summary>
    void Decode(object?[] values);
}
