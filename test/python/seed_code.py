# The Python classes of the seed document /work/shared/seed/000_e852e56e34b627a6.txt, copied VERBATIM.
# Only whitespace and newlines lost in the text extraction were restored (line breaks, indentation, blank lines);
# no identifier, literal, comment or statement was changed. The imports are the ones each listing opened with.
# Left out: the listings' `if __name__ == "__main__":` usage block and `key_lifecycle_example()`, which are not
# classes and point at keys that do not exist ("alias/my-master-key", "...:key/old-key-uuid").
#
# The classes call `boto3.client('kms')` with no endpoint: tests point them at Keyward through the
# AWS_ENDPOINT_URL_KMS environment variable (honoured by boto3 >= 1.28; here 1.43).

# ---- Listing "Example flow" (Key Encryption Key pattern): EnvelopeEncryption -----------------------------------
import boto3
import base64
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
import os


class EnvelopeEncryption:
    """
    Demonstrates envelope encryption using AWS KMS as the KEK provider.
    The KEK never leaves AWS KMS; we only receive wrapped/unwrapped DEKs.
    """

    def __init__(self, kms_key_id: str):
        self.kms = boto3.client('kms')
        self.kms_key_id = kms_key_id

    def encrypt_data(self, plaintext: bytes) -> dict:
        """
        Encrypt data using envelope encryption.

        1. Request a new data key from KMS
        2. KMS returns plaintext DEK + encrypted DEK
        3. Use plaintext DEK to encrypt data locally
        4. Discard plaintext DEK
        5. Store encrypted data + encrypted DEK together
        """
        # Generate data key - KMS returns both plaintext and encrypted versions
        data_key_response = self.kms.generate_data_key(
            KeyId=self.kms_key_id,
            KeySpec='AES_256'  # 256-bit AES key
        )

        plaintext_dek = data_key_response['Plaintext']  # 32 bytes
        encrypted_dek = data_key_response['CiphertextBlob']  # Wrapped key

        # Use the plaintext DEK for local encryption
        nonce = os.urandom(12)  # 96-bit nonce for AES-GCM
        aesgcm = AESGCM(plaintext_dek)
        ciphertext = aesgcm.encrypt(nonce, plaintext, None)

        # CRITICAL: Zero out the plaintext key from memory
        # Python doesn't guarantee this, but we try
        plaintext_dek = b'\x00' * len(plaintext_dek)
        del plaintext_dek

        # Return envelope: encrypted data + encrypted key + nonce
        return {
            'encrypted_data': base64.b64encode(ciphertext).decode(),
            'encrypted_dek': base64.b64encode(encrypted_dek).decode(),
            'nonce': base64.b64encode(nonce).decode(),
        }

    def decrypt_data(self, envelope: dict) -> bytes:
        """
        Decrypt data using envelope encryption.

        1. Extract encrypted DEK from envelope
        2. Ask KMS to decrypt (unwrap) the DEK
        3. Use plaintext DEK to decrypt data locally
        4. Discard plaintext DEK
        """
        encrypted_dek = base64.b64decode(envelope['encrypted_dek'])
        ciphertext = base64.b64decode(envelope['encrypted_data'])
        nonce = base64.b64decode(envelope['nonce'])

        # Unwrap the data key using KMS
        decrypt_response = self.kms.decrypt(
            CiphertextBlob=encrypted_dek,
            KeyId=self.kms_key_id
        )
        plaintext_dek = decrypt_response['Plaintext']

        # Decrypt data locally
        aesgcm = AESGCM(plaintext_dek)
        plaintext = aesgcm.decrypt(nonce, ciphertext, None)

        # Clean up
        plaintext_dek = b'\x00' * len(plaintext_dek)
        del plaintext_dek

        return plaintext


# ---- Listing "The encryption context pattern": SecureDataService ---------------------------------------------
import boto3


class SecureDataService:
    """
    Demonstrates encryption context for purpose binding.
    The same key cannot decrypt data from a different context.
    """

    def __init__(self, kms_key_id: str):
        self.kms = boto3.client('kms')
        self.kms_key_id = kms_key_id

    def encrypt_user_data(self, user_id: str, data: bytes) -> dict:
        """
        Encrypt user data with context binding.
        The encryption context ties the ciphertext to this specific
        user and data classification.
        """
        encryption_context = {
            'purpose': 'user_pii_storage',
            'user_id': user_id,
            'classification': 'confidential',
            'service': 'user-service'
        }

        response = self.kms.encrypt(
            KeyId=self.kms_key_id,
            Plaintext=data,
            EncryptionContext=encryption_context  # This context must match on decrypt
        )

        return {
            'ciphertext': response['CiphertextBlob'],
            'context': encryption_context  # Store with the ciphertext
        }

    def decrypt_user_data(self, encrypted_package: dict) -> bytes:
        """
        Decrypt user data - must provide matching context.
        If an attacker tries to decrypt with wrong context, KMS rejects it.
        """
        response = self.kms.decrypt(
            CiphertextBlob=encrypted_package['ciphertext'],
            EncryptionContext=encrypted_package['context'],  # Must match exactly
            KeyId=self.kms_key_id
        )
        return response['Plaintext']

    def encrypt_payment_data(self, transaction_id: str, data: bytes) -> dict:
        """
        Different encryption context for payment data.
        Even with the same key, cannot decrypt as user data.
        """
        encryption_context = {
            'purpose': 'payment_processing',
            'transaction_id': transaction_id,
            'classification': 'pci_restricted',
            'service': 'payment-service'
        }

        response = self.kms.encrypt(
            KeyId=self.kms_key_id,
            Plaintext=data,
            EncryptionContext=encryption_context
        )

        return {
            'ciphertext': response['CiphertextBlob'],
            'context': encryption_context
        }


# ---- Listing "Cloud KMS destruction": KeyState and KeyLifecycleManager -----------------------------------------
import boto3
from datetime import datetime, timedelta
from enum import Enum


class KeyState(Enum):
    ACTIVE = "active"
    ROTATION_PENDING = "rotation_pending"
    ARCHIVED = "archived"
    PENDING_DELETION = "pending_deletion"
    DESTROYED = "destroyed"


class KeyLifecycleManager:
    """
    Manages the complete lifecycle of KMS keys including
    archival and scheduled destruction.
    """

    def __init__(self, region: str = 'us-east-1'):
        self.kms = boto3.client('kms', region_name=region)

    def get_key_metadata(self, key_id: str) -> dict:
        """Retrieve comprehensive key metadata."""
        response = self.kms.describe_key(KeyId=key_id)
        key_metadata = response['KeyMetadata']

        # Get key rotation status
        try:
            rotation = self.kms.get_key_rotation_status(KeyId=key_id)
            key_metadata['RotationEnabled'] = rotation['KeyRotationEnabled']
        except:
            key_metadata['RotationEnabled'] = None

        return key_metadata

    def schedule_key_deletion(self, key_id: str, waiting_days: int = 7) -> dict:
        """
        Schedule a key for deletion with the minimum safe waiting period.
        The waiting period allows cancellation if deletion was accidental.
        """
        if waiting_days < 7 or waiting_days > 30:
            raise ValueError("Waiting period must be between 7 and 30 days")

        # First, verify no active grants or aliases
        aliases = self.kms.list_aliases(KeyId=key_id)
        if aliases['Aliases']:
            raise ValueError(f"Key still has active aliases: {aliases['Aliases']}")

        # Schedule deletion
        response = self.kms.schedule_key_deletion(
            KeyId=key_id,
            PendingWindowInDays=waiting_days
        )

        return {
            'key_id': response['KeyId'],
            'deletion_date': response['DeletionDate'],
            'state': KeyState.PENDING_DELETION.value
        }

    def cancel_key_deletion(self, key_id: str) -> dict:
        """Cancel scheduled key deletion (within waiting period)."""
        response = self.kms.cancel_key_deletion(KeyId=key_id)

        # Re-enable the key for use
        self.kms.enable_key(KeyId=key_id)

        return {
            'key_id': response['KeyId'],
            'state': KeyState.ACTIVE.value
        }

    def archive_key(self, key_id: str, archive_reason: str) -> dict:
        """
        Archive a key by disabling it and adding archive metadata.
        The key remains but cannot be used for new operations.
        """
        # Disable the key to prevent new cryptographic operations
        self.kms.disable_key(KeyId=key_id)

        # Update tags to indicate archived status
        self.kms.tag_resource(
            KeyId=key_id,
            Tags=[
                {'TagKey': 'KeyState', 'TagValue': 'archived'},
                {'TagKey': 'ArchiveDate', 'TagValue': datetime.utcnow().isoformat()},
                {'TagKey': 'ArchiveReason', 'TagValue': archive_reason},
            ]
        )

        # Remove aliases to prevent accidental use
        aliases = self.kms.list_aliases(KeyId=key_id)
        for alias in aliases.get('Aliases', []):
            if not alias['AliasName'].startswith('alias/aws/'):
                self.kms.delete_alias(AliasName=alias['AliasName'])

        return {
            'key_id': key_id,
            'state': KeyState.ARCHIVED.value,
            'note': 'Key disabled, aliases removed. Re-enable temporarily for legacy decryption.'
        }

    def temporary_reactivate_for_decryption(self, key_id: str, duration_minutes: int = 60):
        """
        Temporarily enable an archived key for legacy data decryption.
        Should be used sparingly and logged.
        """
        # Enable the key
        self.kms.enable_key(KeyId=key_id)

        return {
            'key_id': key_id,
            'reactivated_until': datetime.utcnow() + timedelta(minutes=duration_minutes),
            'warning': 'Remember to manually disable after use or implement automated disable'
        }
