using Vaults.Ethereum.Abi;

namespace Vaults.Ethereum.Contracts;

/// <summary>A decoded custom error; generated classes fill their properties from the revert data.</summary>
public interface IErrorDTO
{
    /// <summary>The error's ABI (selector, inputs).</summary>
    AbiError GetErrorAbi();

    /// <summary>Sets the properties from the decoded arguments, in declaration order.</summary>
    void Decode(object?[] values);
}
