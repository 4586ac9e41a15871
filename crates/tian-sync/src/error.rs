//! Why a key file or an exchange package was refused, in the words the clerk
//! reads. Every refusal happens before anything is written.

/// 交换错误.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("这不是天（Tian）的交换包（.tianpkg）文件。")]
    NotAPackage,
    #[error("交换包不完整或已损坏（可能在复制或传输时被截断），请让对方重新导出。")]
    Truncated,
    #[error("交换包格式“{0}”是更新版本的天导出的，请升级天后再导入。")]
    UnknownFormat(String),
    #[error("交换包过大，超出了天能读取的范围。")]
    TooLarge,
    #[error("交换包的发送方“{sender}”（密钥指纹 {fingerprint}）不在本机信任的密钥中；请先导入对方的密钥文件，并与对方电脑上显示的指纹核对。")]
    UnknownSigner { sender: String, fingerprint: String },
    #[error("交换包是用“{name}”已吊销的密钥（指纹 {fingerprint}）签发的，已拒绝导入；如果对方更换了密钥，请先核对并信任新密钥。")]
    RevokedSigner { name: String, fingerprint: String },
    #[error("交换包的签名无效：清单在签名后被改动过，或并非由“{sender}”的密钥签发。")]
    BadSignature { sender: String },
    #[error("交换包中的“{0}”与签名时不一致：内容被改动或已损坏。")]
    Altered(String),
    #[error("交换包的内容无法解读（{0}）：它由对方的天签名，但写法不对；请让对方升级天后重新导出。")]
    Malformed(String),
    #[error("交换包缺少清单中列出的“{0}”。")]
    MissingPart(String),
    #[error("交换包中有未经签名的内容“{0}”。")]
    Unsigned(String),
    #[error("这不是天（Tian）的密钥文件（.tiankey）。")]
    NotAKeyFile,
    #[error("密钥文件中的公钥无法识别。")]
    BadKey,
    #[error("无法生成密钥：系统随机数不可用（{0}）。")]
    Random(String),
    #[error("无法写出交换包：{0}")]
    Write(String),
}
