CREATE TABLE "VecticeOrganizations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_VecticeOrganizations" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "MembersCanCreateWorkspaces" INTEGER NOT NULL,
    "MembersCanInviteColleagues" INTEGER NOT NULL,
    "FourEyes" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);


CREATE TABLE "VecticeAuditEntries" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_VecticeAuditEntries" PRIMARY KEY AUTOINCREMENT,
    "OrganizationId" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "AtUtcTicks" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "RequestedBy" TEXT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "BeforeRole" TEXT NULL,
    "BeforeStatus" TEXT NULL,
    "AfterRole" TEXT NOT NULL,
    "AfterStatus" TEXT NOT NULL,
    "PendingChangeId" TEXT NULL,
    "SettingsBefore" TEXT NULL,
    "SettingsAfter" TEXT NULL,
    CONSTRAINT "FK_VecticeAuditEntries_VecticeOrganizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "VecticeOrganizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "VecticeMemberships" (
    "OrganizationId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Email" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    CONSTRAINT "PK_VecticeMemberships" PRIMARY KEY ("OrganizationId", "UserId"),
    CONSTRAINT "FK_VecticeMemberships_VecticeOrganizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "VecticeOrganizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "VecticePendingChanges" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_VecticePendingChanges" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "TargetUserId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "FromRole" TEXT NOT NULL,
    "FromStatus" TEXT NOT NULL,
    "ToRole" TEXT NOT NULL,
    "ToStatus" TEXT NOT NULL,
    "RequestedBy" TEXT NOT NULL,
    "RequestedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "ExpiresAtUtcTicks" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Members" TEXT NULL,
    "ClosedBy" TEXT NULL,
    "ClosedAt" TEXT NULL,
    CONSTRAINT "FK_VecticePendingChanges_VecticeOrganizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "VecticeOrganizations" ("Id") ON DELETE RESTRICT
);


CREATE INDEX "IX_VecticeAuditEntries_OrganizationId_Sequence" ON "VecticeAuditEntries" ("OrganizationId", "Sequence");


CREATE INDEX "IX_VecticeMemberships_OrganizationId_Role_Status" ON "VecticeMemberships" ("OrganizationId", "Role", "Status");


CREATE INDEX "IX_VecticePendingChanges_OrganizationId_ExpiresAtUtcTicks" ON "VecticePendingChanges" ("OrganizationId", "ExpiresAtUtcTicks");


CREATE INDEX "IX_VecticePendingChanges_OrganizationId_Status_Id" ON "VecticePendingChanges" ("OrganizationId", "Status", "Id");


