import type { RepositoryProfile } from '../profiles';
import { camelCaseOf, pascalCaseOf } from '../vocabulary';
import type { Dependency, LanguageKit } from './LanguageKit';

const DEPENDENCIES: Dependency[] = [
  {
    name: 'org.springframework.boot:spring-boot-starter-web',
    version: '3.2.5',
  },
  {
    name: 'org.springframework.boot:spring-boot-starter-actuator',
    version: '3.2.5',
  },
  { name: 'org.postgresql:postgresql', version: '42.7.3' },
  { name: 'io.micrometer:micrometer-registry-prometheus', version: '1.12.5' },
  { name: 'org.apache.kafka:kafka-clients', version: '3.7.0' },
];

/** Kotlin and Java services share Gradle and Spring Boot; only the syntax differs. */
export function jvmKit(
  profile: RepositoryProfile,
  language: 'kotlin' | 'java',
): LanguageKit {
  const basePackage = `com.${profile.org}.${profile.name
    .replace(/-(service|worker|handler)$/, '')
    .replace(/-/g, '')}`;
  const packagePath = basePackage.replace(/\./g, '/');
  const className = pascalCaseOf(profile.name.replace(/-/g, ' '));
  const extension = language === 'kotlin' ? 'kt' : 'java';
  const mainDir = `src/main/${language}/${packagePath}`;
  const testDir = `src/test/${language}/${packagePath}`;
  const applicationFile = `${mainDir}/${className}Application.${extension}`;
  const serviceFile = `${mainDir}/${className}Logic.${extension}`;
  const testFile = `${testDir}/${className}LogicTest.${extension}`;
  const gradleFile =
    language === 'kotlin' ? 'build.gradle.kts' : 'build.gradle';
  const dependencyLine = (dependency: Dependency) =>
    language === 'kotlin'
      ? `    implementation("${dependency.name}:${dependency.version}")`
      : `    implementation '${dependency.name}:${dependency.version}'`;
  const classBody = (name: string, body: string) =>
    language === 'kotlin'
      ? `package ${basePackage}\n\nclass ${name} {\n${body}}\n`
      : `package ${basePackage};\n\npublic class ${name} {\n${body}}\n`;
  const plugins =
    language === 'kotlin'
      ? `plugins {
    kotlin("jvm") version "1.9.24"
    kotlin("plugin.spring") version "1.9.24"
    id("org.springframework.boot") version "3.2.5"
}`
      : `plugins {
    id 'java'
    id 'org.springframework.boot' version '3.2.5'
}`;
  return {
    manifestPath: gradleFile,
    dependencies: DEPENDENCIES,
    dependencyLine,
    versionLine: () => undefined,
    files: () => ({
      [gradleFile]: `${plugins}

group = "com.${profile.org}"

dependencies {
${DEPENDENCIES.map(dependencyLine).join('\n')}
}
`,
      [language === 'kotlin' ? 'settings.gradle.kts' : 'settings.gradle']:
        language === 'kotlin'
          ? `rootProject.name = "${profile.name}"\n`
          : `rootProject.name = '${profile.name}'\n`,
      [applicationFile]:
        language === 'kotlin'
          ? `package ${basePackage}

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication

@SpringBootApplication
class ${className}Application

fun main(args: Array<String>) {
    runApplication<${className}Application>(*args)
}
`
          : `package ${basePackage};

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ${className}Application {
    public static void main(String[] args) {
        SpringApplication.run(${className}Application.class, args);
    }
}
`,
      [serviceFile]: classBody(`${className}Logic`, ''),
      [testFile]: classBody(`${className}LogicTest`, ''),
      'src/main/resources/application.yaml': `server:
  port: 8080
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
`,
    }),
    sourcePaths: [serviceFile],
    testPath: testFile,
    symbolOf: phrase => camelCaseOf(phrase),
    codeEdit: (path, symbol, summary) => ({
      type: 'insertBeforeClosingBrace',
      path,
      block:
        language === 'kotlin'
          ? `    /** ${summary}. */\n    fun ${symbol}(attempt: Int): Boolean = attempt < 3\n`
          : `    /** ${summary}. */\n    public boolean ${symbol}(int attempt) {\n        return attempt < 3;\n    }\n`,
    }),
    testEdit: symbol => ({
      type: 'insertBeforeClosingBrace',
      path: testFile,
      block:
        language === 'kotlin'
          ? `    @org.junit.jupiter.api.Test\n    fun \`${symbol} allows the first attempt\`() {\n        check(${className}Logic().${symbol}(0))\n    }\n`
          : `    @org.junit.jupiter.api.Test\n    void ${symbol}AllowsTheFirstAttempt() {\n        assert new ${className}Logic().${symbol}(0);\n    }\n`,
    }),
    ciSteps: `      - uses: actions/checkout@v4
      - uses: actions/setup-java@v4
        with:
          distribution: temurin
          java-version: '21'
          cache: gradle
      - run: ./gradlew check
      - run: ./gradlew bootJar
`,
    dockerfile: `FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./gradlew bootJar --no-daemon

FROM eclipse-temurin:21-jre
COPY --from=build /src/build/libs/*.jar /app/app.jar
USER 1000
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
`,
    gitignore: '.gradle/\nbuild/\n*.iml\n.idea/\n',
  };
}
